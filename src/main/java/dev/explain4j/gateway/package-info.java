/**
 * The py4j gateway that lets Python (scripts and notebooks) use explain4j's renderers: {@link
 * dev.explain4j.gateway.GatewayMain} is the process the {@code explain4j} Python package starts,
 * {@link dev.explain4j.gateway.GatewayEntryPoint} the object it calls. Bulk data never crosses
 * py4j's text protocol: Python writes it as an Arrow IPC file and passes only the file's path.
 */
package dev.explain4j.gateway;
