package dev.ironmq.core;

import dev.ironmq.backend.PushAttempt;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.store.DeliveryRecord;
import dev.ironmq.store.MessageRecord;
import java.util.Optional;

/**
 * Work a queue asks for on another queue or outside the server, as a value: the queue returns it in
 * its task, and the {@link EffectRouter} carries it out once the task is durable. A queue never
 * calls another queue, its shard or the engine.
 */
sealed interface Effect {
  /**
   * Posts a message the server made (an alert, an error report) to a queue, creating it if needed,
   * with a delivery record written in the same batch (so that a delivery given up on and its report
   * are durable together).
   */
  record PostInternally(QueueRef target, String body, Optional<DeliveryRecord> alongside)
      implements Effect {}

  /**
   * Moves a message reserved too often to its dead-letter queue: its delete from the source and its
   * post to the target are written in one batch, on the target's shard.
   */
  record MoveToDeadLetter(
      QueueRef target, long sourceQueueId, MessageRecord message, int reservedCount)
      implements Effect {}

  /**
   * Starts a push attempt: a copy into a queue of this server ({@code ironmq:///}), written with
   * {@code deliveredRecord} in one batch; or a request through the push transport. Its outcome
   * comes back to the source queue as a task.
   */
  record StartPush(PushAttempt attempt, String deliveryKey, DeliveryRecord deliveredRecord)
      implements Effect {}
}
