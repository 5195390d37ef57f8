package dev.ironmq.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * The byte stream one {@link Http1Connection} runs over: a TCP (or TLS) socket, or a Unix domain
 * socket. A failure of the stream itself surfaces as a {@link java.net.SocketException}, a read
 * that waits past the timeout as a {@link java.net.SocketTimeoutException}.
 */
interface Wire extends AutoCloseable {
  InputStream input();

  OutputStream output();

  /** The longest each read may wait from now on: 1 ms to {@link Integer#MAX_VALUE} ms. */
  void readTimeout(Duration timeout) throws IOException;

  boolean isOpen();

  /**
   * Whether the other end closed this idle connection (or sent something no request asked for),
   * found without sending anything. Waits a millisecond at most.
   */
  boolean closedByPeer();

  @Override
  void close() throws IOException;
}
