/**
 * The py4j gateway that lets Python (scripts and notebooks) use explain4j's renderers: {@link
 * dev.explain4j.gateway.GatewayMain} is the process the {@code explain4j} Python package starts,
 * {@link dev.explain4j.gateway.GatewayEntryPoint} the object it calls. Bulk data never crosses
 * py4j's text protocol: Python writes it as an Arrow IPC file and passes only the file's path.
 *
 * <p>May call: {@code render} and {@code attention} (pure Java views). Python is the caller here,
 * in another process; this JVM embeds no Python and uses neither {@code runtime} nor {@code
 * internal}.
 */
package dev.explain4j.gateway;
