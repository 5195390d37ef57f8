package dev.ironmq.store;

import dev.ironmq.backend.ProjectRecord;
import dev.ironmq.backend.TokenRecord;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * Writes what a scan visits into another store, as it was: every sequence, project, token, queue
 * with its counter, and message with its state and push deliveries. Batches of about {@value
 * #BATCH_MUTATIONS} mutations are committed one after another; {@link #finish()} commits the last.
 */
public final class JournalCopier implements JournalVisitor {
  private static final int BATCH_MUTATIONS = 1000;

  private final Journal target;
  private Batch batch = new Batch();
  private long messages;

  public JournalCopier(Journal target) {
    this.target = target;
  }

  @Override
  public void sequence(String name, long value) {
    add(batch.sequenceRaise(name, value));
  }

  @Override
  public void project(ProjectRecord project) {
    add(batch.projectPut(project));
  }

  @Override
  public void token(TokenRecord token) {
    add(batch.tokenPut(token));
  }

  @Override
  public void queue(QueueRecord queue, long totalMessages) {
    add(batch.queuePut(queue).queueCounterPut(queue.queueId(), totalMessages));
  }

  @Override
  public void message(
      MessageRecord message, Optional<MessageState> state, List<DeliveryRecord> deliveries) {
    batch.messagePut(message);
    state.ifPresent(batch::messageStatePut);
    deliveries.forEach(batch::deliveryPut);
    messages++;
    add(batch);
  }

  /** Commits what is left; returns how many messages were copied. */
  public long finish() {
    commit();
    return messages;
  }

  private void add(Batch grown) {
    if (grown.size() >= BATCH_MUTATIONS) {
      commit();
    }
  }

  private void commit() {
    if (batch.isEmpty()) {
      return;
    }
    try {
      target.commit(batch).join();
    } catch (CompletionException e) {
      throw new JournalException("cannot copy into the new store", e.getCause());
    }
    batch = new Batch();
  }
}
