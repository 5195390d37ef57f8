package dev.ironmq.store;

import dev.ironmq.backend.ProjectRecord;
import dev.ironmq.backend.StatsCounts;
import dev.ironmq.backend.StatsStep;
import dev.ironmq.backend.TokenRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * An ordered set of mutations that a store applies atomically: after a crash either all of them are
 * there or none is. Not thread-safe; one batch is built by one thread and then handed over.
 */
public final class Batch {
  private final List<Mutation> mutations = new ArrayList<>();

  public Batch queuePut(QueueRecord queue) {
    return add(new Mutation.QueuePut(queue));
  }

  public Batch queueDelete(long queueId) {
    return add(new Mutation.QueueDelete(queueId));
  }

  public Batch queueCounterPut(long queueId, long totalMessages) {
    return add(new Mutation.QueueCounterPut(queueId, totalMessages));
  }

  public Batch messagePut(MessageRecord message) {
    return add(new Mutation.MessagePut(message));
  }

  public Batch messageStatePut(MessageState state) {
    return add(new Mutation.MessageStatePut(state));
  }

  public Batch messageDelete(long queueId, long messageId) {
    return add(new Mutation.MessageDelete(queueId, messageId));
  }

  public Batch deliveryPut(DeliveryRecord delivery) {
    return add(new Mutation.DeliveryPut(delivery));
  }

  public Batch messagesClear(long queueId) {
    return add(new Mutation.MessagesClear(queueId));
  }

  public Batch projectPut(ProjectRecord project) {
    return add(new Mutation.ProjectPut(project));
  }

  public Batch tokenPut(TokenRecord token) {
    return add(new Mutation.TokenPut(token));
  }

  public Batch tokenDelete(String tokenHash) {
    return add(new Mutation.TokenDelete(tokenHash));
  }

  public Batch sequenceRaise(String name, long value) {
    return add(new Mutation.SequenceRaise(name, value));
  }

  public Batch statsPut(long queueId, StatsStep step, long period, StatsCounts counts) {
    return add(new Mutation.StatsPut(queueId, step, period, counts));
  }

  public Batch statsForget(long queueId, StatsStep step, long before) {
    return add(new Mutation.StatsForget(queueId, step, before));
  }

  /** Appends every mutation of another batch, in order. */
  public Batch addAll(Batch other) {
    mutations.addAll(other.mutations);
    return this;
  }

  public boolean isEmpty() {
    return mutations.isEmpty();
  }

  public int size() {
    return mutations.size();
  }

  public List<Mutation> mutations() {
    return Collections.unmodifiableList(mutations);
  }

  private Batch add(Mutation mutation) {
    mutations.add(mutation);
    return this;
  }
}
