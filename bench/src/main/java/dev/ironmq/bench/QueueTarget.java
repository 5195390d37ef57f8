package dev.ironmq.bench;

import io.vertx.core.Future;
import java.util.List;

/**
 * A queue system under test, through its own protocol: this server over HTTP, or a peer. Each
 * scenario is written once against this interface, so every target does the same work; where a
 * target cannot (no batches, no durability), its {@link QueueSystem#notes()} say so.
 */
public interface QueueTarget extends AutoCloseable {
  /** A message handed out by {@link #reserve}: its body, and what the target needs to delete it. */
  record Received(String body, Object handle) {}

  Future<Void> createQueue(String queue);

  /**
   * Posts these messages in as few calls as the target allows; yields how many were acknowledged
   * once every one of them is.
   */
  Future<Integer> post(String queue, List<String> bodies);

  /**
   * Reserves up to {@code max} messages, waiting up to {@code waitSeconds} for the first; yields an
   * empty list when none came.
   */
  Future<List<Received>> reserve(String queue, int max, int waitSeconds);

  /** Deletes (acknowledges) reserved messages. */
  Future<Void> delete(String queue, List<Received> messages);

  /** How many messages the queue holds, reserved ones included. */
  Future<Long> size(String queue);

  @Override
  void close();
}
