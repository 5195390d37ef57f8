package dev.ironmq.postgres;

import dev.ironmq.backend.CommitObserver;
import dev.ironmq.backend.MessageEvents;
import java.time.Duration;

/**
 * How a node of the PostgreSQL backend behaves.
 *
 * @param node this node's name, unique among the nodes sharing the database (a random one per start
 *     serves)
 * @param maxMessageBytes the largest message body
 * @param pushRetention how long a delivered push message stays readable
 * @param leaseMillis how long a push attempt is this node's before another node may make it again,
 *     unless this node renews it (it does, every third of it, while the attempt runs)
 * @param lookAround how often the node looks for work other nodes scheduled (push attempts falling
 *     due, expired messages); zero for never (tests)
 * @param events told of this node's posts, reserves, deletes, releases and dead letters
 * @param commits hears of each batched post statement: how many posts it carries, when it ends
 */
public record PostgresSettings(
    String node,
    int maxMessageBytes,
    Duration pushRetention,
    long leaseMillis,
    Duration lookAround,
    MessageEvents events,
    CommitObserver commits) {

  /** Settings that tell nobody of message events. */
  public PostgresSettings(
      String node,
      int maxMessageBytes,
      Duration pushRetention,
      long leaseMillis,
      Duration lookAround) {
    this(
        node,
        maxMessageBytes,
        pushRetention,
        leaseMillis,
        lookAround,
        MessageEvents.NONE,
        CommitObserver.NONE);
  }
}
