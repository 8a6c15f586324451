package dev.explain4j.gateway;

import dev.explain4j.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import py4j.GatewayServer;
import py4j.Py4JNetworkException;

/**
 * The gateway process the {@code explain4j} Python package starts:
 *
 * <pre>
 * java @jvm.options -cp target/explain4j-*.jar:target/lib/* \
 *     dev.explain4j.gateway.GatewayMain [--port N] [--token-file FILE] [--auth-timeout SECONDS]
 *     [--max-pending N] [--max-connections N]
 * </pre>
 *
 * <p>It serves a {@link GatewayEntryPoint} through a py4j {@link GatewayServer} bound to the
 * loopback address only, on port {@code N} (default 0: an ephemeral port), and requires py4j's auth
 * token: read from the environment variable {@value #TOKEN_ENV}, or from {@code FILE} (which should
 * be readable only by the user), never from the command line, where other users could see it. Once
 * listening it prints {@code EXPLAIN4J_GATEWAY_PORT=<port>} on standard output. It exits when its
 * standard input reaches end of file, which happens when the parent process closes it or dies.
 *
 * <p>A peer must authenticate within {@code --auth-timeout} seconds (default 5) of connecting or it
 * is disconnected; at most {@code --max-pending} connections (default 16) may wait to authenticate
 * and {@code --max-connections} (default 64) be open in all, further ones are closed at once. This
 * bounds the gateway's threads, which py4j spends one per connection.
 *
 * <p>Exit codes: 0 after end of input, 2 for bad arguments or a missing token, 3 when the port
 * cannot be bound (for example already in use).
 */
public final class GatewayMain {
  /** Environment variable holding the auth token. */
  public static final String TOKEN_ENV = "EXPLAIN4J_GATEWAY_TOKEN";

  /** Prefix of the line announcing the port on standard output. */
  public static final String PORT_LINE = "EXPLAIN4J_GATEWAY_PORT=";

  private GatewayMain() {}

  /** Runs the gateway until standard input closes; see the class description. */
  public static void main(String[] args) {
    int code = run(args, System.in, System.out, System.err);
    System.exit(code);
  }

  /** Starts the server, announces the port on {@code out}, serves until {@code in} ends. */
  static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
    return run(args, in, out, err, new GatewayEntryPoint());
  }

  /** As {@link #run(String[], InputStream, PrintStream, PrintStream)}, serving {@code entry}. */
  static int run(String[] args, InputStream in, PrintStream out, PrintStream err, Object entry) {
    int port = 0;
    String token = System.getenv(TOKEN_ENV);
    GatewayLimits limits;
    try {
      double authSeconds = GatewayLimits.DEFAULT_AUTH_TIMEOUT.toMillis() / 1000.0;
      int maxPending = GatewayLimits.DEFAULT_MAX_PENDING;
      int maxConnections = GatewayLimits.DEFAULT_MAX_CONNECTIONS;
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--port" -> port = Integer.parseInt(value(args, ++i));
          case "--token-file" ->
              token = Files.readString(Path.of(value(args, ++i)), StandardCharsets.UTF_8).strip();
          case "--auth-timeout" -> authSeconds = Double.parseDouble(value(args, ++i));
          case "--max-pending" -> maxPending = Integer.parseInt(value(args, ++i));
          case "--max-connections" -> maxConnections = Integer.parseInt(value(args, ++i));
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("--port must be 0 to 65535, got " + port);
      }
      if (!(authSeconds > 0 && authSeconds <= 3600)) {
        throw new IllegalArgumentException(
            "--auth-timeout must be more than 0 and at most 3600 seconds, got " + authSeconds);
      }
      limits =
          new GatewayLimits(
              Duration.ofMillis(Math.max(1, Math.round(authSeconds * 1000))),
              maxPending,
              maxConnections);
    } catch (IOException | IllegalArgumentException | InvalidInputException e) {
      err.println("explain4j gateway: " + e.getMessage());
      return 2;
    }
    if (token == null || token.isBlank()) {
      err.println(
          "explain4j gateway: no auth token; set " + TOKEN_ENV + " or pass --token-file FILE");
      return 2;
    }
    GatewayServer.turnLoggingOff();
    GatewayServer server =
        new BoundedGatewayServer(entry, InetAddress.getLoopbackAddress(), port, token, limits);
    try {
      server.start();
    } catch (Py4JNetworkException e) {
      err.println(
          "explain4j gateway: cannot listen on "
              + InetAddress.getLoopbackAddress().getHostAddress()
              + ":"
              + port
              + " (is the port already in use?): "
              + e.getMessage());
      return 3;
    }
    out.println(PORT_LINE + server.getListeningPort());
    out.flush();
    try {
      waitForEof(in);
    } finally {
      server.shutdown();
    }
    return 0;
  }

  private static String value(String[] args, int i) {
    if (i >= args.length) {
      throw new IllegalArgumentException(args[i - 1] + " needs a value");
    }
    return args[i];
  }

  private static void waitForEof(InputStream in) {
    byte[] sink = new byte[256];
    try {
      while (in.read(sink) >= 0) {
        // input is only a lifeline; its content is ignored
      }
    } catch (IOException e) {
      // a broken pipe means the parent is gone: stop as at end of input
    }
  }
}
