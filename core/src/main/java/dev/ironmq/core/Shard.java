package dev.ironmq.core;

import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import dev.ironmq.store.Journal;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A set of queues owned by one thread. Every change to those queues runs as a {@link Task} on that
 * thread; the task's batch goes to the journal, its answers wait for the commit, and its effects on
 * other queues are handed to the router once it is durable. Nothing here blocks: the journal writes
 * on its own thread.
 *
 * <p>Thread: all fields are used on the shard's thread only, except through {@link #submit}, {@link
 * #runFor} and {@link #run}, which hand work to it.
 */
final class Shard {
  private static final Logger log = LoggerFactory.getLogger(Shard.class);

  /** Where a shard sends the effects of its durable tasks. */
  @FunctionalInterface
  interface EffectSink {
    void route(List<Effect> effects);
  }

  final int index;
  final Map<QueueRef, QueueState> queues = new HashMap<>();
  final QueueContext context;
  private final WakeUps<QueueState> wakeUps = new WakeUps<>();
  private final Set<QueueState> changed = new LinkedHashSet<>();
  private final ShardRuntime runtime;
  private final Journal journal;
  private final InstantSource clock;
  private final StorageHealth health;
  private final EffectSink effects;
  private long armedAt = Long.MAX_VALUE;

  Shard(
      int index,
      QueueContext context,
      ShardRuntime runtime,
      Journal journal,
      InstantSource clock,
      StorageHealth health,
      EffectSink effects) {
    this.index = index;
    this.context = context;
    this.runtime = runtime;
    this.journal = journal;
    this.clock = clock;
    this.health = health;
    this.effects = effects;
  }

  /**
   * Runs a write on the shard's thread; the future completes once its batch is durable. Refused at
   * once, changing nothing, while the shard's image takes no writes.
   */
  <T> CompletableFuture<T> submit(Function<Task, T> operation) {
    CompletableFuture<T> result = new CompletableFuture<>();
    runFor(result, task -> task.completeAfterCommit(result, operation.apply(task)));
    return result;
  }

  /**
   * Runs a read on the shard's thread. It is served while writes are refused; what it changes on
   * the way (expiry) is then not written.
   */
  <T> CompletableFuture<T> read(Function<Task, T> operation) {
    CompletableFuture<T> result = new CompletableFuture<>();
    runtime.execute(
        () ->
            inTask(task -> task.completeAfterCommit(result, operation.apply(task)), result, false));
    return result;
  }

  /**
   * Runs an action on the shard's thread that answers {@code caller} itself, later or through
   * {@link Task#completeAfterCommit}; a problem it throws fails {@code caller}.
   */
  void runFor(CompletableFuture<?> caller, Consumer<Task> action) {
    runtime.execute(() -> inTask(action, caller, true));
  }

  /** Runs a write on the shard's thread, in its own task, answering nobody. */
  void run(Consumer<Task> action) {
    runtime.execute(() -> inTask(action, null, true));
  }

  private void inTask(Consumer<Task> action, CompletableFuture<?> caller, boolean write) {
    Problem refusal = health.refusal();
    if (write && refusal != null) {
      if (caller != null) {
        caller.completeExceptionally(new ProblemException(refusal));
      }
      return;
    }
    Task task = new Task(clock.millis(), write);
    try {
      action.accept(task);
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
    finish(task);
  }

  /**
   * Ends a task: alerts the size changes fire, moves the wake-ups of the queues it changed, then
   * commits its batch and, once it is durable, routes its effects and then answers. In that order:
   * a client that has its answer and then asks another queue is served after the effects on that
   * queue (a push copy, a dead letter), which its shard has already been given.
   */
  private void finish(Task task) {
    for (QueueState queue : changed) {
      if (isLive(queue)) {
        queue.watchAlerts(task);
        wakeUps.set(queue, queue.nextWakeAt());
      } else {
        wakeUps.set(queue, Long.MAX_VALUE);
      }
    }
    changed.clear();
    if (!task.write && !health.takesWrites()) {
      // A read while writes are refused: its housekeeping is dropped, as is any difference it
      // makes to memory, which is loaded from the journal again when writes resume.
      task.committed(null);
      return;
    }
    List<Effect> emitted = task.effects();
    if (task.batch.isEmpty()) {
      route(emitted);
      task.committed(null);
    } else {
      journal
          .commit(task.batch)
          .whenComplete(
              (ignored, error) -> {
                Throwable failure = StorageHealth.commitFailure(error);
                if (failure != null) {
                  health.writeFailed(StorageHealth.problemOf(error));
                }
                if (failure == null) {
                  route(emitted);
                }
                task.committed(failure);
              });
    }
    rearmRuntime();
  }

  private void route(List<Effect> emitted) {
    if (!emitted.isEmpty()) {
      effects.route(emitted);
    }
  }

  /** Notes that the running task changed a queue; called by the queue, on the shard's thread. */
  void changed(QueueState queue) {
    changed.add(queue);
  }

  private boolean isLive(QueueState queue) {
    return queues.get(queue.ref) == queue;
  }

  /** Runs the queues whose wake-up has come; the host calls this on the shard's thread. */
  void tick() {
    armedAt = Long.MAX_VALUE;
    if (!health.takesWrites()) {
      return;
    }
    long now = clock.millis();
    QueueState due;
    while ((due = wakeUps.takeDue(now)) != null) {
      QueueState queue = due;
      if (isLive(queue)) {
        inTask(queue::advance, null, true);
      }
    }
    rearmRuntime();
  }

  /** Starts the shard's wake-ups; called once, after the queues are restored. */
  void start() {
    runtime.execute(
        () -> {
          queues.values().forEach(queue -> wakeUps.set(queue, queue.nextWakeAt()));
          rearmRuntime();
        });
  }

  /**
   * Ends every parked reserve, with no messages: called on the shard's thread once its image takes
   * no more writes, since a reserve is a write.
   */
  void endWaits() {
    runtime.execute(
        () -> {
          Task task = new Task(clock.millis(), false);
          queues.values().forEach(queue -> queue.endWaits(task));
          task.committed(null);
        });
  }

  private void rearmRuntime() {
    if (!health.takesWrites()) {
      return;
    }
    long next = wakeUps.next();
    if (next < armedAt) {
      armedAt = next;
      runtime.wakeUpAt(next, this::tick);
    }
  }

  QueueState queue(QueueRef ref) {
    QueueState queue = queues.get(ref);
    if (queue == null) {
      throw ProblemException.of(Problem.queueNotFound());
    }
    return queue;
  }
}
