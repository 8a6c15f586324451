package dev.explain4j.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import py4j.GatewayServer;
import py4j.Py4JNetworkException;

/**
 * The gateway process the {@code explain4j} Python package starts:
 *
 * <pre>
 * java --add-opens=java.base/java.nio=ALL-UNNAMED -cp target/explain4j-*.jar:target/lib/* \
 *     dev.explain4j.gateway.GatewayMain [--port N] [--token-file FILE]
 * </pre>
 *
 * <p>It serves a {@link GatewayEntryPoint} through a py4j {@link GatewayServer} bound to the
 * loopback address only, on port {@code N} (default 0: an ephemeral port), and requires py4j's auth
 * token: read from the environment variable {@value #TOKEN_ENV}, or from {@code FILE} (which should
 * be readable only by the user), never from the command line, where other users could see it. Once
 * listening it prints {@code EXPLAIN4J_GATEWAY_PORT=<port>} on standard output. It exits when its
 * standard input reaches end of file, which happens when the parent process closes it or dies.
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
    int port = 0;
    String token = System.getenv(TOKEN_ENV);
    try {
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--port" -> port = Integer.parseInt(value(args, ++i));
          case "--token-file" ->
              token = Files.readString(Path.of(value(args, ++i)), StandardCharsets.UTF_8).strip();
          default -> throw new IllegalArgumentException("unknown argument " + args[i]);
        }
      }
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("--port must be 0 to 65535, got " + port);
      }
    } catch (IOException | IllegalArgumentException e) {
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
        new GatewayServer.GatewayServerBuilder(new GatewayEntryPoint())
            .javaAddress(InetAddress.getLoopbackAddress())
            .javaPort(port)
            .authToken(token)
            .build();
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
