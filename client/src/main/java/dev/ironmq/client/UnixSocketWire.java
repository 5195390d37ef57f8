package dev.ironmq.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A connection over a Unix domain socket to a server on this machine. The JDK's channels cannot
 * time out a blocking read, and a selector per connection would cost each call about as much CPU as
 * the socket saves; so reads block, and a {@link Watchdog} thread closes a connection whose read
 * waits past its deadline, which ends that read with a {@link SocketTimeoutException}. The watchdog
 * looks every {@link Watchdog#PERIOD}, so a timeout fires up to that much late.
 */
final class UnixSocketWire implements Wire {
  private static final long NO_DEADLINE = Long.MAX_VALUE;

  private final SocketChannel channel;
  private long timeoutNanos = TimeUnit.SECONDS.toNanos(30);
  private volatile long deadline = NO_DEADLINE;
  private volatile boolean timedOut;

  private final InputStream input =
      new InputStream() {
        @Override
        public int read() throws IOException {
          byte[] one = new byte[1];
          return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
          return UnixSocketWire.this.read(ByteBuffer.wrap(bytes, offset, length));
        }
      };

  private final OutputStream output =
      new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
          UnixSocketWire.this.write(ByteBuffer.wrap(bytes, offset, length));
        }
      };

  private UnixSocketWire(SocketChannel channel) {
    this.channel = channel;
  }

  static UnixSocketWire open(Path path) throws IOException {
    SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      channel.connect(UnixDomainSocketAddress.of(path));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    UnixSocketWire wire = new UnixSocketWire(channel);
    Watchdog.INSTANCE.watch(wire);
    return wire;
  }

  private int read(ByteBuffer buffer) throws IOException {
    deadline = System.nanoTime() + timeoutNanos;
    try {
      return channel.read(buffer);
    } catch (AsynchronousCloseException e) {
      if (timedOut) {
        throw new SocketTimeoutException(
            "no answer within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
      }
      throw failed(e);
    } catch (IOException e) {
      throw failed(e);
    } finally {
      deadline = NO_DEADLINE;
    }
  }

  private void write(ByteBuffer buffer) throws IOException {
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    } catch (IOException e) {
      throw failed(e);
    }
  }

  private static SocketException failed(IOException e) {
    SocketException failure = new SocketException(String.valueOf(e.getMessage()));
    failure.initCause(e);
    return failure;
  }

  /** Closes the connection if a read has waited past its deadline; true once it is closed. */
  private boolean closeIfLate(long now) {
    if (deadline - now < 0) {
      timedOut = true;
      close();
    }
    return !channel.isOpen();
  }

  @Override
  public InputStream input() {
    return input;
  }

  @Override
  public OutputStream output() {
    return output;
  }

  @Override
  public void readTimeout(Duration timeout) {
    timeoutNanos = timeout.toNanos();
  }

  @Override
  public boolean closedByPeer() {
    try {
      channel.configureBlocking(false);
      try {
        return channel.read(ByteBuffer.allocate(1)) != 0;
      } finally {
        channel.configureBlocking(true);
      }
    } catch (IOException e) {
      return true;
    }
  }

  @Override
  public boolean isOpen() {
    return channel.isOpen();
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing left to do with it
    }
  }

  /** One daemon thread for the process that ends reads waiting past their deadline. */
  private static final class Watchdog implements Runnable {
    static final Duration PERIOD = Duration.ofMillis(50);
    static final Watchdog INSTANCE = new Watchdog();

    private final Set<UnixSocketWire> watched = ConcurrentHashMap.newKeySet();

    private Watchdog() {
      Thread thread = new Thread(this, "ironmq-client-socket-watchdog");
      thread.setDaemon(true);
      thread.start();
    }

    void watch(UnixSocketWire wire) {
      watched.add(wire);
    }

    @Override
    public void run() {
      while (true) {
        try {
          Thread.sleep(PERIOD.toMillis());
        } catch (InterruptedException e) {
          return;
        }
        long now = System.nanoTime();
        watched.removeIf(wire -> wire.closeIfLate(now));
      }
    }
  }
}
