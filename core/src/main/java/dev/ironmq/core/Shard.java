package dev.ironmq.core;

import dev.ironmq.backend.PushAttempt;
import dev.ironmq.backend.PushOutcome;
import dev.ironmq.backend.PushPolicy;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import dev.ironmq.store.DeliveryRecord;
import dev.ironmq.store.MessageRecord;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A set of queues owned by one thread. Every change to those queues runs as a task on that thread,
 * in a {@link Tx}; the task's batch goes to the store and its answers wait for the commit. Nothing
 * here blocks: the store writes on its own thread.
 *
 * <p>Thread: all fields are used on the shard's thread only, except through {@link #submit} and
 * {@link #run}, which hand work to it.
 */
final class Shard {
  private static final Logger log = LoggerFactory.getLogger(Shard.class);
  static final long SWEEP_INTERVAL_MILLIS = 1000;

  final int index;
  final Timers timers = new Timers();
  final Map<QueueRef, QueueState> queues = new HashMap<>();
  private final Engine engine;
  private final ShardRuntime runtime;
  private final ReservationIds reservationIds = new ReservationIds();
  private long armedAt = Long.MAX_VALUE;

  Shard(int index, Engine engine, ShardRuntime runtime) {
    this.index = index;
    this.engine = engine;
    this.runtime = runtime;
  }

  /** Runs an operation on the shard's thread; the future completes once its batch is durable. */
  <T> CompletableFuture<T> submit(Function<Tx, T> operation) {
    CompletableFuture<T> result = new CompletableFuture<>();
    runFor(result, tx -> tx.completeAfterCommit(result, operation.apply(tx)));
    return result;
  }

  /**
   * Runs an action on the shard's thread that answers {@code caller} itself, later or through
   * {@link Tx#completeAfterCommit}; a problem it throws fails {@code caller}.
   */
  void runFor(CompletableFuture<?> caller, Consumer<Tx> action) {
    runtime.execute(() -> inTx(action, caller));
  }

  /** Runs an action on the shard's thread, in its own transaction, answering nobody. */
  void run(Consumer<Tx> action) {
    runtime.execute(() -> inTx(action));
  }

  /** Runs an action in a new transaction, now, on the shard's thread. */
  void inTx(Consumer<Tx> action) {
    inTx(action, null);
  }

  private void inTx(Consumer<Tx> action, CompletableFuture<?> caller) {
    Problem failure = engine.storageFailure();
    if (failure != null) {
      if (caller != null) {
        caller.completeExceptionally(new ProblemException(failure));
      }
      return;
    }
    Tx tx = new Tx(engine.now());
    try {
      action.accept(tx);
    } catch (ProblemException problem) {
      if (caller != null) {
        caller.completeExceptionally(problem);
      }
    } catch (RuntimeException bug) {
      log.error("Unexpected failure in a queue operation", bug);
      if (caller != null) {
        caller.completeExceptionally(bug);
      }
    }
    finish(tx);
  }

  private void finish(Tx tx) {
    for (QueueState queue : tx.queuesWithNewSize()) {
      queue.watchAlerts(tx);
    }
    if (tx.batch.isEmpty()) {
      tx.committed(null);
    } else {
      engine
          .store()
          .commit(tx.batch)
          .whenComplete((ignored, error) -> tx.committed(engine.commitFailure(error)));
    }
    rearm();
  }

  /** Runs due timers; the host calls this on the shard's thread when asked to wake up. */
  void tick() {
    armedAt = Long.MAX_VALUE;
    timers.runDue(engine.now());
    rearm();
  }

  private void rearm() {
    long next = timers.nextDueAt();
    if (next < armedAt) {
      armedAt = next;
      runtime.wakeUpAt(next, this::tick);
    }
  }

  /** Starts the periodic sweep that removes expired messages from queues nobody touches. */
  void startSweeping() {
    runtime.execute(
        () -> {
          timers.schedule(engine.now() + SWEEP_INTERVAL_MILLIS, this::sweep);
          rearm();
        });
  }

  private void sweep() {
    long now = engine.now();
    inTx(
        tx -> {
          for (QueueState queue : queues.values()) {
            if (queue.hasTimedWork(now)) {
              queue.advance(tx);
            }
          }
        });
    timers.schedule(now + SWEEP_INTERVAL_MILLIS, this::sweep);
  }

  QueueState queue(QueueRef ref) {
    QueueState queue = queues.get(ref);
    if (queue == null) {
      throw ProblemException.of(Problem.queueNotFound());
    }
    return queue;
  }

  long nextMessageId(long now) {
    return engine.messageIds().next(now);
  }

  /** A new reservation id, unpredictable from any other (see {@link ReservationIds}). */
  String newReservationId() {
    return reservationIds.next();
  }

  // ---- push and alerts ----

  /** Starts a push attempt: into a queue of this server, or through the transport. */
  void push(PushAttempt attempt, String key, DeliveryRecord deliveredRecord) {
    engine.push(this, attempt, key, deliveredRecord);
  }

  /** Hands an attempt's outcome back to the queue that made it, as a task of this shard. */
  void pushOutcome(PushAttempt attempt, String key, PushOutcome outcome, boolean recorded) {
    run(
        tx -> {
          QueueState queue = queues.get(attempt.queue());
          if (queue != null) {
            queue.pushOutcome(
                attempt.messageId(), key, attempt.reservationId(), outcome, recorded, tx);
          }
        });
  }

  /** Records a delivery given up on, with its report to the error queue when there is one. */
  void reportPushError(
      QueueState source, PushPolicy policy, MessageEntry entry, DeliveryRecord record, Tx tx) {
    engine.reportPushError(source, policy, entry, record, tx);
  }

  void postAlert(QueueRef target, String body) {
    engine.postInternally(target, body, java.util.Optional.empty());
  }

  long pushRetentionMillis() {
    return engine.pushRetentionMillis();
  }

  /** Hands a message that was reserved too often to its dead-letter queue, wherever that lives. */
  void deadLetter(QueueRef target, long sourceQueueId, MessageRecord message, int reservedCount) {
    engine.moveToDeadLetterQueue(target, sourceQueueId, message, reservedCount);
  }
}
