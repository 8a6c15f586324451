package dev.explain4j.gateway;

/**
 * {@link GatewayMain} serving {@link BenchEntryPoint}, for the transfer benchmark; same arguments,
 * token and exit codes. Test scope only.
 */
public final class BenchGatewayMain {
  private BenchGatewayMain() {}

  public static void main(String[] args) {
    System.exit(GatewayMain.run(args, System.in, System.out, System.err, new BenchEntryPoint()));
  }
}
