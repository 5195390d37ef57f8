package dev.ironmq.store;

import dev.ironmq.backend.ProjectRecord;
import dev.ironmq.backend.StatsCounts;
import dev.ironmq.backend.StatsStep;
import dev.ironmq.backend.TokenRecord;

/**
 * One change in a {@link Batch}. A store applies the mutations of a batch in order, through a
 * {@link Handler}, which names one method per kind so that a store cannot miss one.
 */
public sealed interface Mutation {

  void applyTo(Handler handler);

  /** What a store does for each kind of mutation. */
  interface Handler {
    void queuePut(QueueRecord queue);

    void queueDelete(long queueId);

    void queueCounterPut(long queueId, long totalMessages);

    void messagePut(MessageRecord message);

    void messageStatePut(MessageState state);

    void messageDelete(long queueId, long messageId);

    void messagesClear(long queueId);

    void deliveryPut(DeliveryRecord delivery);

    void projectPut(ProjectRecord project);

    void tokenPut(TokenRecord token);

    void tokenDelete(String tokenHash);

    void sequenceRaise(String name, long value);

    void statsPut(long queueId, StatsStep step, long period, StatsCounts counts);

    void statsForget(long queueId, StatsStep step, long before);
  }

  /** Creates or replaces a queue's record. */
  record QueuePut(QueueRecord queue) implements Mutation {
    @Override
    public void applyTo(Handler handler) {
      handler.queuePut(queue);
    }
  }

  /** Removes a queue with its counters, its history and every message and message state in it. */
  record QueueDelete(long queueId) implements Mutation {
    @Override
    public void applyTo(Handler handler) {
      handler.queueDelete(queueId);
    }
  }

  /** Stores how many messages were ever posted to a queue. */
  record QueueCounterPut(long queueId, long totalMessages) implements Mutation {
    @Override
    public void applyTo(Handler handler) {
      handler.queueCounterPut(queueId, totalMessages);
    }
  }

  /** Stores a new message. A message record is written once. */
  record MessagePut(MessageRecord message) implements Mutation {
    @Override
    public void applyTo(Handler handler) {
      handler.messagePut(message);
    }
  }

  /** Creates or replaces the mutable state of a stored message. */
  record MessageStatePut(MessageState state) implements Mutation {
    @Override
    public void applyTo(Handler handler) {
      handler.messageStatePut(state);
    }
  }

  /** Removes a message with its state and its deliveries. */
  record MessageDelete(long queueId, long messageId) implements Mutation {
    @Override
    public void applyTo(Handler handler) {
      handler.messageDelete(queueId, messageId);
    }
  }

  /** Creates or replaces a push delivery of a stored message. */
  record DeliveryPut(DeliveryRecord delivery) implements Mutation {
    @Override
    public void applyTo(Handler handler) {
      handler.deliveryPut(delivery);
    }
  }

  /** Removes every message of a queue (with states and deliveries), keeping the queue. */
  record MessagesClear(long queueId) implements Mutation {
    @Override
    public void applyTo(Handler handler) {
      handler.messagesClear(queueId);
    }
  }

  /** Creates or replaces a project. */
  record ProjectPut(ProjectRecord project) implements Mutation {
    @Override
    public void applyTo(Handler handler) {
      handler.projectPut(project);
    }
  }

  /** Creates or replaces a token. */
  record TokenPut(TokenRecord token) implements Mutation {
    @Override
    public void applyTo(Handler handler) {
      handler.tokenPut(token);
    }
  }

  /** Removes a token. */
  record TokenDelete(String tokenHash) implements Mutation {
    @Override
    public void applyTo(Handler handler) {
      handler.tokenDelete(tokenHash);
    }
  }

  /** Raises a named sequence (an id high-water mark); a store keeps the largest value it saw. */
  record SequenceRaise(String name, long value) implements Mutation {
    @Override
    public void applyTo(Handler handler) {
      handler.sequenceRaise(name, value);
    }
  }

  /** Creates or replaces one period of a queue's history. */
  record StatsPut(long queueId, StatsStep step, long period, StatsCounts counts)
      implements Mutation {
    @Override
    public void applyTo(Handler handler) {
      handler.statsPut(queueId, step, period, counts);
    }
  }

  /** Removes the periods of a queue's history, of one step, that start before {@code before}. */
  record StatsForget(long queueId, StatsStep step, long before) implements Mutation {
    @Override
    public void applyTo(Handler handler) {
      handler.statsForget(queueId, step, before);
    }
  }
}
