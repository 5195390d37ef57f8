package dev.ironmq.bench;

import io.vertx.core.Vertx;
import java.util.OptionalLong;

/**
 * A queue system the benchmark runs: started on a fresh data directory by the benchmark itself (or
 * reached, when it runs as a service), and connected to by {@link QueueTarget}s.
 */
public interface QueueSystem extends AutoCloseable {
  /** A short name for tables, with the setting that matters (e.g. its fsync policy). */
  String name();

  /** The version that ran, as the system reports it. */
  String version();

  /** The exact settings it ran with. */
  String settings();

  /** Where its work differs from this server's durable default (memory only, no fsync...). */
  String notes();

  /** Whether an acknowledged message is on disk (fsynced) before the acknowledgement. */
  boolean durable();

  /** Starts it on a fresh data directory (or connects to it) and waits until it answers. */
  void start();

  /**
   * Whether the benchmark can {@link #stop()} and {@link #resume()} it with its messages kept, so a
   * restart can be timed.
   */
  boolean restartable();

  /** Stops it as an operator would, keeping its data, ready for {@link #resume()}. */
  void stop();

  /** Starts it again on the data it had. Returns once it accepts connections. */
  void resume();

  /** A client with this many concurrent connections. */
  QueueTarget connect(Vertx vertx, int connections);

  /** Whether a reserve call waits on the server (a long poll), rather than in the client. */
  boolean parksRequests();

  /** The resident memory of the server process, in bytes, when the benchmark can read it. */
  OptionalLong residentBytes();

  @Override
  void close();
}
