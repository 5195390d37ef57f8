package dev.ironmq.bench;

import io.vertx.core.Future;
import java.util.List;

/**
 * A queue system under test, through its own protocol: this server over HTTP, or a peer. Each
 * scenario is written once against this interface, so every target does the same work; where a
 * target cannot (no batches, no durability), {@link #notes()} says so.
 */
public interface QueueTarget extends AutoCloseable {
  /** A short name for tables, with the setting that matters (e.g. its fsync policy). */
  String name();

  /** What the target does differently from the others, or empty. */
  String notes();

  Future<Void> createQueue(String queue);

  /**
   * Posts {@code count} messages of {@code bodyBytes} bytes in as few calls as the target allows;
   * yields {@code count} once every message is acknowledged.
   */
  Future<Integer> post(String queue, int count, int bodyBytes);

  /** Reserves up to {@code max} messages, waiting up to {@code waitSeconds} for the first. */
  Future<List<Object>> reserve(String queue, int max, int waitSeconds);

  /** Deletes (acknowledges) reserved messages. */
  Future<Void> delete(String queue, List<Object> handles);

  @Override
  void close();
}
