package dev.ironmq.core;

import dev.ironmq.backend.PushOutcome;
import dev.ironmq.backend.PushStatus;
import dev.ironmq.backend.QueueConfig;
import dev.ironmq.backend.ReservationCheck;
import dev.ironmq.backend.problem.ProblemException;
import dev.ironmq.store.DeliveryRecord;
import java.util.List;
import java.util.Optional;

/** A queue whose messages wait to be reserved: it adds nothing to what every queue does. */
final class PullQueue implements QueueKind {
  private final MessageIndex index;

  PullQueue(MessageIndex index) {
    this.index = index;
  }

  @Override
  public void accept(MessageEntry entry, long availableAt, Task task) {
    index.add(entry, availableAt, false, task.now);
  }

  @Override
  public void removed(MessageEntry entry) {}

  @Override
  public void cleared() {}

  @Override
  public void reconfigured(QueueConfig config) {}

  @Override
  public int uncounted() {
    return 0;
  }

  @Override
  public void advance(Task task) {}

  @Override
  public long nextWakeAt() {
    return Long.MAX_VALUE;
  }

  @Override
  public Optional<PushReceipt> receipt(long messageId) {
    return Optional.empty();
  }

  @Override
  public boolean removeReceipt(long messageId) {
    return false;
  }

  @Override
  public List<PushStatus> statuses(long messageId) {
    return List.of();
  }

  @Override
  public void acknowledge(
      long messageId,
      String subscriberName,
      Optional<String> reservationId,
      ReservationCheck check,
      Task task) {
    throw ProblemException.invalid("The message has no push deliveries to acknowledge");
  }

  @Override
  public void outcome(
      long messageId,
      String deliveryKey,
      String reservationId,
      PushOutcome outcome,
      boolean recorded,
      Task task) {}

  @Override
  public void restore(MessageEntry entry, List<DeliveryRecord> deliveries, long now) {
    throw new IllegalStateException("a pull queue has no push deliveries to restore");
  }
}
