package dev.explain4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Idle unauthenticated sockets cannot make the gateway grow threads; real clients still work. */
class GatewayLimitsTest {
  private static final String TOKEN = "limits-test-token";
  private static final int IDLE_SOCKETS = 200;
  private static final int AUTH_TIMEOUT_MS = 1000;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  @TempDir Path dir;

  /** A raw py4j client: authenticates with the token, then calls {@code protocol()}. */
  private static final class Client implements AutoCloseable {
    final Socket socket;
    final BufferedReader in;

    Client(int port) throws IOException {
      socket = new Socket(InetAddress.getLoopbackAddress(), port);
      socket.setSoTimeout(10_000);
      in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("!yv", send("A\n" + TOKEN + "\n"), "authenticated");
    }

    String send(String command) throws IOException {
      socket.getOutputStream().write(command.getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      return in.readLine();
    }

    String protocol() throws IOException {
      return send("c\nt\nprotocol\ne\n");
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  @Test
  void idleUnauthenticatedSocketsAreCappedAndTimedOut() throws Exception {
    Path tokenFile = Files.writeString(dir.resolve("token"), TOKEN);
    PipedOutputStream lifeline = new PipedOutputStream();
    PipedInputStream stdin = new PipedInputStream(lifeline);
    PipedOutputStream stdoutSink = new PipedOutputStream();
    BufferedReader stdout =
        new BufferedReader(
            new InputStreamReader(new PipedInputStream(stdoutSink), StandardCharsets.UTF_8));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int baseline = THREADS.getThreadCount();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                GatewayMain.run(
                    new String[] {
                      "--token-file",
                      tokenFile.toString(),
                      "--auth-timeout",
                      "1",
                      "--max-pending",
                      "16"
                    },
                    stdin,
                    new PrintStream(stdoutSink, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)));
    String line = stdout.readLine();
    assertTrue(line != null && line.startsWith(GatewayMain.PORT_LINE), line + " / " + err);
    int port = Integer.parseInt(line.substring(GatewayMain.PORT_LINE.length()));
    List<Socket> idle = new ArrayList<>();
    try (Client early = new Client(port)) {
      assertEquals("!yi1", early.protocol());
      int peak = 0;
      try {
        for (int i = 0; i < IDLE_SOCKETS; i++) {
          Socket s = new Socket();
          idle.add(s);
          s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5000);
          peak = Math.max(peak, THREADS.getThreadCount());
        }
        for (int i = 0; i < 10; i++) {
          Thread.sleep(50);
          peak = Math.max(peak, THREADS.getThreadCount());
        }
        assertTrue(
            peak <= baseline + 40,
            IDLE_SOCKETS + " idle sockets: " + peak + " threads, baseline " + baseline);
        assertEquals(
            "!yi1", early.protocol(), "an authenticated client is served during the flood");
        long start = System.nanoTime();
        for (int i = 0; i < idle.size(); i++) {
          assertClosedByServer(idle.get(i), i);
        }
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(
            ms < AUTH_TIMEOUT_MS + 3000, "closed within the auth timeout, took " + ms + " ms");
      } finally {
        for (Socket s : idle) {
          s.close();
        }
      }
      Thread.sleep(AUTH_TIMEOUT_MS + 500);
      assertEquals("!yi1", early.protocol(), "an authenticated idle connection is kept");
      try (Client late = new Client(port)) {
        assertEquals("!yi1", late.protocol(), "a new client authenticates after the flood");
      }
      assertTrue(
          THREADS.getThreadCount() <= baseline + 8,
          "threads return near the baseline: " + THREADS.getThreadCount() + " vs " + baseline);
    } finally {
      lifeline.close();
    }
    assertEquals(0, exit.get(20, TimeUnit.SECONDS), err.toString(StandardCharsets.UTF_8));
  }

  private static void assertClosedByServer(Socket s, int i) throws IOException {
    s.setSoTimeout(AUTH_TIMEOUT_MS + 3000);
    try {
      int b = s.getInputStream().read();
      assertEquals(-1, b, "socket " + i + " got data instead of being closed");
    } catch (SocketTimeoutException e) {
      fail("idle unauthenticated socket " + i + " is still open after the auth timeout");
    } catch (IOException e) {
      // a reset also means the server closed it
    }
  }

  /** A gateway started in-process; closing the lifeline ends it. */
  private record Started(
      int port,
      PipedOutputStream lifeline,
      CompletableFuture<Integer> exit,
      ByteArrayOutputStream err) {
    static Started start(Path tokenFile, String... limits) throws IOException {
      PipedOutputStream lifeline = new PipedOutputStream();
      PipedInputStream stdin = new PipedInputStream(lifeline);
      PipedOutputStream sink = new PipedOutputStream();
      BufferedReader stdout =
          new BufferedReader(
              new InputStreamReader(new PipedInputStream(sink), StandardCharsets.UTF_8));
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      List<String> args = new ArrayList<>(List.of("--token-file", tokenFile.toString()));
      args.addAll(List.of(limits));
      CompletableFuture<Integer> exit =
          CompletableFuture.supplyAsync(
              () ->
                  GatewayMain.run(
                      args.toArray(String[]::new),
                      stdin,
                      new PrintStream(sink, true, StandardCharsets.UTF_8),
                      new PrintStream(err, true, StandardCharsets.UTF_8)));
      String line = stdout.readLine();
      assertTrue(line != null && line.startsWith(GatewayMain.PORT_LINE), line + " / " + err);
      return new Started(
          Integer.parseInt(line.substring(GatewayMain.PORT_LINE.length())), lifeline, exit, err);
    }
  }

  @Test
  void aPeerCannotStreamAnEndlessTokenIntoMemory() throws Exception {
    Started g =
        Started.start(Files.writeString(dir.resolve("token"), TOKEN), "--auth-timeout", "60");
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), g.port())) {
      s.setSoTimeout(10_000);
      byte[] chunk = new byte[8192];
      Arrays.fill(chunk, (byte) 'x');
      long sent = 0;
      long started = System.nanoTime();
      try {
        s.getOutputStream().write("A\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 4096; i++) { // at most 32 MiB, bounded in count
          s.getOutputStream().write(chunk);
          sent += chunk.length;
        }
        assertEquals(-1, s.getInputStream().read(), "the server answered an endless token");
      } catch (SocketException e) {
        // reset: the server closed the connection while we were still writing
      } catch (SocketTimeoutException e) {
        fail("the server kept reading an endless token line (" + sent + " bytes sent)");
      }
      long ms = (System.nanoTime() - started) / 1_000_000;
      assertTrue(ms < 30_000, "closed only after " + ms + " ms, long before the 60 s timeout");
      assertTrue(sent < 32L << 20, "the server read all " + sent + " bytes");
    }
    try (Client c = new Client(g.port())) {
      assertEquals("!yi1", c.protocol(), "a real client still works, with a long command too");
      String big = "x".repeat(2 * PreAuthLimit.BYTES);
      assertTrue(c.send("c\nt\nechoLength\ns" + big + "\ne\n") != null);
    } finally {
      g.lifeline().close();
    }
    assertEquals(0, g.exit().get(20, TimeUnit.SECONDS), g.err().toString(StandardCharsets.UTF_8));
  }

  @Test
  void badLimitsAreUsageErrors() {
    for (String[] bad :
        new String[][] {
          {"--auth-timeout", "0"},
          {"--auth-timeout", "NaN"},
          {"--max-pending", "0"},
          {"--max-pending", "8", "--max-connections", "4"}
        }) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      List<String> args = new ArrayList<>(List.of(bad));
      int code =
          GatewayMain.run(
              args.toArray(String[]::new),
              new PipedInputStream(),
              new PrintStream(new ByteArrayOutputStream()),
              new PrintStream(err, true, StandardCharsets.UTF_8));
      String msg = err.toString(StandardCharsets.UTF_8);
      assertEquals(2, code, msg);
      assertTrue(msg.contains(bad[bad.length - 2]), "names the flag: " + msg);
    }
  }
}
