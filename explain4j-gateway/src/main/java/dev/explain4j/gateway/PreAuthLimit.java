package dev.explain4j.gateway;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.BooleanSupplier;
import javax.net.ServerSocketFactory;

/**
 * Bounds what a peer can send before it authenticates: the gateway's sockets read at most {@link
 * #BYTES} bytes until their connection reports itself authenticated, then without limit. py4j reads
 * the token with an unbounded {@code readLine}, so without this an unauthenticated peer could
 * stream one endless line into memory until the authentication timeout.
 */
final class PreAuthLimit extends ServerSocketFactory {
  /** Far above the authentication command (a letter and a token line) plus one read buffer. */
  static final int BYTES = 64 * 1024;

  @Override
  public ServerSocket createServerSocket() throws IOException {
    return new Server();
  }

  @Override
  public ServerSocket createServerSocket(int port) throws IOException {
    throw new UnsupportedOperationException("py4j binds the socket itself");
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog) throws IOException {
    throw new UnsupportedOperationException("py4j binds the socket itself");
  }

  @Override
  public ServerSocket createServerSocket(int port, int backlog, InetAddress address)
      throws IOException {
    throw new UnsupportedOperationException("py4j binds the socket itself");
  }

  /** Marks {@code socket}'s connection: once {@code authenticated} is true, reads are unlimited. */
  static void authenticatedWhen(Socket socket, BooleanSupplier authenticated) {
    if (socket instanceof Limited l) {
      l.authenticated = authenticated;
    }
  }

  private static final class Server extends ServerSocket {
    Server() throws IOException {
      super();
    }

    @Override
    public Socket accept() throws IOException {
      Socket s = new Limited();
      implAccept(s);
      return s;
    }
  }

  /** A plain socket whose input counts bytes until its connection is authenticated. */
  private static final class Limited extends Socket {
    private volatile BooleanSupplier authenticated = () -> false;
    private InputStream in;

    @Override
    public synchronized InputStream getInputStream() throws IOException {
      if (in == null) {
        in = new Counting(super.getInputStream());
      }
      return in;
    }

    private final class Counting extends FilterInputStream {
      private long read;

      Counting(InputStream in) {
        super(in);
      }

      @Override
      public int read() throws IOException {
        int b = super.read();
        count(b < 0 ? 0 : 1);
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        count(Math.max(n, 0));
        return n;
      }

      private void count(int n) throws IOException {
        if (authenticated.getAsBoolean()) {
          return;
        }
        read += n;
        if (read > BYTES) {
          close();
          throw new IOException("more than " + BYTES + " bytes before authenticating");
        }
      }
    }
  }
}
