package dev.explain4j.gateway;

import java.util.Arrays;

/**
 * {@link GatewayMain} serving an entry point that writes to standard output on request, as Python
 * code running in the gateway (a model's own code, a library's print) may. The Python client must
 * keep reading that output, or the JVM blocks once the pipe is full. Test scope only.
 */
public final class ChattyGatewayMain {
  private ChattyGatewayMain() {}

  public static void main(String[] args) {
    System.exit(GatewayMain.run(args, System.in, System.out, System.err, new Chatty()));
  }

  /** The gateway's entry point plus {@link #chatter(int)}. */
  public static final class Chatty {
    private final GatewayEntryPoint gateway = new GatewayEntryPoint();

    /** The gateway's protocol version. */
    public int protocol() {
      return gateway.protocol();
    }

    /** The gateway's version. */
    public String version() {
      return gateway.version();
    }

    /** Writes {@code kib} KiB of text to standard output and returns {@code kib}. */
    public int chatter(int kib) {
      char[] line = new char[1023];
      Arrays.fill(line, 'x');
      String text = new String(line);
      for (int i = 0; i < kib; i++) {
        System.out.println(text);
      }
      System.out.flush();
      return kib;
    }
  }
}
