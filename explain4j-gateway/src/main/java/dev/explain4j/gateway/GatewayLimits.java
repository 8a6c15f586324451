package dev.explain4j.gateway;

import dev.explain4j.InvalidInputException;
import java.time.Duration;

/**
 * How many connections the gateway serves, and how long a peer may take to authenticate. Each
 * connection py4j serves holds one thread, so these bound the gateway's threads.
 *
 * @param authTimeout a peer that has not sent the auth token this long after connecting is
 *     disconnected; an authenticated connection may then stay idle for any time
 * @param maxPending connections waiting to authenticate; a further one is closed at once
 * @param maxConnections connections in all, authenticated or not; a further one is closed at once
 */
record GatewayLimits(Duration authTimeout, int maxPending, int maxConnections) {
  /** Default authentication timeout: 5 seconds. */
  static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(5);

  /** Default cap on connections waiting to authenticate: 16. */
  static final int DEFAULT_MAX_PENDING = 16;

  /** Default cap on connections in all: 64. */
  static final int DEFAULT_MAX_CONNECTIONS = 64;

  /** Validates: a positive timeout, at least one pending connection, no fewer in all. */
  public GatewayLimits {
    if (authTimeout == null || authTimeout.isNegative() || authTimeout.isZero()) {
      throw new InvalidInputException("--auth-timeout must be positive, got " + authTimeout);
    }
    if (maxPending < 1) {
      throw new InvalidInputException("--max-pending must be at least 1, got " + maxPending);
    }
    if (maxConnections < maxPending) {
      throw new InvalidInputException(
          "--max-connections must be at least --max-pending ("
              + maxPending
              + "), got "
              + maxConnections);
    }
  }

  /** 5 seconds to authenticate, 16 connections waiting to, 64 in all. */
  static GatewayLimits defaults() {
    return new GatewayLimits(DEFAULT_AUTH_TIMEOUT, DEFAULT_MAX_PENDING, DEFAULT_MAX_CONNECTIONS);
  }
}
