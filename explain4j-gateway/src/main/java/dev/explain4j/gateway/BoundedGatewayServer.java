package dev.explain4j.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import py4j.CallbackClient;
import py4j.Gateway;
import py4j.GatewayConnection;
import py4j.GatewayServer;
import py4j.Py4JServerConnection;

/**
 * A py4j {@link GatewayServer} whose threads are bounded. py4j starts one thread per accepted
 * socket, before the peer authenticates, and keeps it while the socket stays open. This server
 * closes a socket at once, without a thread, when {@link GatewayLimits#maxPending()} connections
 * are already waiting to authenticate or {@link GatewayLimits#maxConnections()} are open, and
 * closes a connection that has not authenticated within {@link GatewayLimits#authTimeout()} (one
 * shared timer thread). Before authenticating a peer may send at most {@link PreAuthLimit#BYTES}
 * bytes. Authenticated connections have no read timeout: they may idle between calls for any time.
 */
final class BoundedGatewayServer extends GatewayServer {
  private final String token;
  private final GatewayLimits limits;
  private final ScheduledThreadPoolExecutor timer;
  private final List<Guarded> open = new ArrayList<>();

  BoundedGatewayServer(
      Object entryPoint, InetAddress address, int port, String token, GatewayLimits limits) {
    // no accept timeout (it would end the accept loop), no read timeout (it would end idle
    // authenticated connections); the token is given to each connection in createConnection
    super(
        entryPoint,
        port,
        address,
        0,
        0,
        null,
        new CallbackClient(GatewayServer.DEFAULT_PYTHON_PORT),
        new PreAuthLimit());
    this.token = Objects.requireNonNull(token, "token");
    this.limits = Objects.requireNonNull(limits, "limits");
    this.timer =
        new ScheduledThreadPoolExecutor(
            1,
            r -> {
              Thread t = new Thread(r, "explain4j-gateway-auth-timeout");
              t.setDaemon(true);
              return t;
            });
    timer.setRemoveOnCancelPolicy(true);
  }

  /** Runs on the accepting thread only, as does {@link #createConnection}. */
  @Override
  protected void processSocket(Socket socket) {
    open.removeIf(Guarded::closed);
    long pending = open.stream().filter(c -> !c.authenticated()).count();
    if (pending >= limits.maxPending() || open.size() >= limits.maxConnections()) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing a refused socket: nothing more to do
      }
      return;
    }
    super.processSocket(socket);
  }

  @Override
  protected Py4JServerConnection createConnection(Gateway gateway, Socket socket)
      throws IOException {
    Guarded c = new Guarded(gateway, socket, token, getListeners());
    PreAuthLimit.authenticatedWhen(socket, c::authenticated);
    open.add(c);
    timer.schedule(
        c::closeUnlessAuthenticated, limits.authTimeout().toMillis(), TimeUnit.MILLISECONDS);
    c.startConnection();
    return c;
  }

  @Override
  public void shutdown(boolean shutdownCallbackClient) {
    timer.shutdownNow();
    super.shutdown(shutdownCallbackClient);
  }

  /** A py4j connection whose authentication state can be read from other threads. */
  private static final class Guarded extends GatewayConnection {
    Guarded(
        Gateway gateway, Socket socket, String token, List<py4j.GatewayServerListener> listeners)
        throws IOException {
      super(gateway, socket, token, null, listeners);
    }

    boolean authenticated() {
      return authCommand.isAuthenticated();
    }

    boolean closed() {
      return socket.isClosed();
    }

    /** Closing the socket ends the connection's blocked read, and so its thread. */
    void closeUnlessAuthenticated() {
      if (!authenticated()) {
        try {
          socket.close();
        } catch (IOException e) {
          // already closed
        }
      }
    }
  }
}
