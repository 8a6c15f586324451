package dev.explain4j.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayMainTest {
  @TempDir Path dir;

  @Test
  void servesOnLoopbackWithTokenAndStopsAtEndOfInput() throws Exception {
    Path tokenFile = Files.writeString(dir.resolve("token"), "s3cret-token\n");
    PipedOutputStream lifeline = new PipedOutputStream();
    PipedInputStream in = new PipedInputStream(lifeline);
    PipedOutputStream stdoutSink = new PipedOutputStream();
    BufferedReader stdout =
        new BufferedReader(
            new InputStreamReader(new PipedInputStream(stdoutSink), StandardCharsets.UTF_8));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    CompletableFuture<Integer> exit =
        CompletableFuture.supplyAsync(
            () ->
                GatewayMain.run(
                    new String[] {"--token-file", tokenFile.toString()},
                    in,
                    new PrintStream(stdoutSink, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8)));
    String line = stdout.readLine();
    assertTrue(line != null && line.startsWith(GatewayMain.PORT_LINE), line + " / " + err);
    int port = Integer.parseInt(line.substring(GatewayMain.PORT_LINE.length()));
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      assertTrue(s.getInetAddress().isLoopbackAddress());
      OutputStream o = s.getOutputStream();
      o.write("A\nwrong-token\n".getBytes(StandardCharsets.UTF_8));
      o.flush();
      String reply =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      assertTrue(reply == null || reply.startsWith("!x"), "rejected without the token: " + reply);
    }
    lifeline.close();
    assertEquals(0, exit.get(20, TimeUnit.SECONDS));
  }

  @Test
  void takenPortAndMissingTokenFailWithClearCodes() throws Exception {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errs = new PrintStream(err, true, StandardCharsets.UTF_8);
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Path tokenFile = Files.writeString(dir.resolve("token"), "t");
      int code =
          GatewayMain.run(
              new String[] {
                "--port",
                Integer.toString(taken.getLocalPort()),
                "--token-file",
                tokenFile.toString()
              },
              new PipedInputStream(new PipedOutputStream()),
              new PrintStream(new ByteArrayOutputStream()),
              errs);
      assertEquals(3, code);
      assertTrue(err.toString(StandardCharsets.UTF_8).contains("already in use"));
    }
    int code =
        GatewayMain.run(
            new String[] {"--token-file", dir.resolve("absent").toString()},
            new PipedInputStream(new PipedOutputStream()),
            new PrintStream(new ByteArrayOutputStream()),
            errs);
    assertEquals(2, code);
  }
}
