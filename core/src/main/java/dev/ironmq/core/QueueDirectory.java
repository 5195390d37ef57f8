package dev.ironmq.core;

import dev.ironmq.backend.AlertGraph;
import dev.ironmq.backend.AlertRules;
import dev.ironmq.backend.ConfigRules;
import dev.ironmq.backend.NewMessage;
import dev.ironmq.backend.PendingReserve;
import dev.ironmq.backend.PushTransport;
import dev.ironmq.backend.QueueChange;
import dev.ironmq.backend.QueueConfig;
import dev.ironmq.backend.QueueConfigs;
import dev.ironmq.backend.QueueInfo;
import dev.ironmq.backend.QueueLoad;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.ReserveRequest;
import dev.ironmq.backend.ReservedMessage;
import dev.ironmq.backend.SubscriberRate;
import dev.ironmq.store.QueueRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * Which shard owns which queue, and the queues' comings and goings: creating, restoring and
 * removing a queue keeps the shards' maps, the name catalog and the alert graph in step.
 *
 * <p>Thread: the catalog and the alert graph are thread-safe; everything that touches a shard's
 * queues is called on that shard's thread, in a task.
 */
final class QueueDirectory {
  static final String QUEUE_ID_SEQUENCE = "queue_id";

  private final Shard[] shards;
  private final Catalog catalog = new Catalog();
  private final AlertGraph alertGraph = new AlertGraph();
  private final AtomicLong queueIds = new AtomicLong();
  private final AtomicLong parkedReserves;
  private final ConfigRules rules;

  QueueDirectory(Shard[] shards, PushTransport transport, AtomicLong parkedReserves) {
    this.shards = shards;
    this.rules = new ConfigRules(transport, alertGraph);
    this.parkedReserves = parkedReserves;
  }

  ConfigRules rules() {
    return rules;
  }

  Shard shardFor(QueueRef ref) {
    return shards[Math.floorMod(ref.hashCode(), shards.length)];
  }

  /** Runs a write on a queue, on its shard's thread; a missing queue is a problem. */
  <T> CompletableFuture<T> write(QueueRef ref, BiFunction<QueueState, Task, T> operation) {
    Shard shard = shardFor(ref);
    return shard.submit(task -> operation.apply(shard.queue(ref), task));
  }

  /** Runs a read on a queue, on its shard's thread; a missing queue is a problem. */
  <T> CompletableFuture<T> read(QueueRef ref, BiFunction<QueueState, Task, T> operation) {
    Shard shard = shardFor(ref);
    return shard.read(task -> operation.apply(shard.queue(ref), task));
  }

  List<Shard> shards() {
    return List.of(shards);
  }

  /** Creates a queue with the change, or changes the queue's settings; answers its info. */
  CompletableFuture<QueueInfo> put(QueueRef ref, QueueChange change) {
    Shard shard = shardFor(ref);
    return shard
        .submit(
            task -> {
              QueueState queue = shard.queues.get(ref);
              if (queue == null) {
                queue = create(shard, ref, QueueConfigs.forNewQueue(ref, change, rules), task);
              } else {
                reconfigure(queue, QueueConfigs.updated(ref, queue.config(), change, rules), task);
              }
              return queue.info(task);
            })
        .thenCompose(this::withDeadLetterQueue);
  }

  /** Deletes a queue with its messages; parked reserves on it end empty. */
  CompletableFuture<Void> delete(QueueRef ref) {
    Shard shard = shardFor(ref);
    return shard.submit(
        task -> {
          QueueState queue = shard.queue(ref);
          queue.drop(task);
          remove(shard, queue);
          task.batch.queueDelete(queue.queueId);
          return null;
        });
  }

  /** Posts to a queue, created with the defaults if it does not exist. */
  CompletableFuture<List<Long>> post(QueueRef ref, List<NewMessage> messages) {
    Shard shard = shardFor(ref);
    return shard.submit(task -> ensure(shard, ref, task).post(messages, task));
  }

  /**
   * Reserves from a queue into {@code result}; with nothing to take and a wait, parks the reserve.
   * Answers what calls the reserve off when its caller leaves.
   */
  PendingReserve reserve(
      QueueRef ref, ReserveRequest request, CompletableFuture<List<ReservedMessage>> result) {
    Shard shard = shardFor(ref);
    Waiter[] parked = new Waiter[1];
    shard.runFor(
        result,
        task -> {
          QueueState queue = shard.queue(ref);
          List<ReservedMessage> taken = queue.reserve(request, task);
          if (taken.isEmpty() && request.waitSeconds() > 0) {
            parked[0] = queue.await(request, result, task);
          } else {
            task.completeAfterCommit(result, taken);
          }
        });
    return new PendingReserve(
        result,
        () ->
            shard.run(
                task -> {
                  QueueState queue = shard.queues.get(ref);
                  if (queue != null && parked[0] != null) {
                    queue.cancel(parked[0], task);
                  }
                }));
  }

  /** The queue, created with the defaults if it does not exist. */
  QueueState ensure(Shard shard, QueueRef ref, Task task) {
    QueueState queue = shard.queues.get(ref);
    return queue != null
        ? queue
        : create(shard, ref, QueueConfigs.forNewQueue(ref, QueueChange.none(), rules), task);
  }

  QueueState create(Shard shard, QueueRef ref, QueueConfig config, Task task) {
    long queueId = queueIds.incrementAndGet();
    QueueRecord record = new QueueRecord(queueId, ref.projectId(), ref.name(), config, task.now);
    QueueState queue = register(shard, record, 0);
    task.batch.queuePut(record).sequenceRaise(QUEUE_ID_SEQUENCE, queueId);
    return queue;
  }

  /** Places a stored queue at start-up. */
  QueueState restore(QueueRecord record, long totalMessages) {
    QueueRef ref = new QueueRef(record.projectId(), record.name());
    queueIds.accumulateAndGet(record.queueId(), Math::max);
    return register(shardFor(ref), record, totalMessages);
  }

  private QueueState register(Shard shard, QueueRecord record, long totalMessages) {
    QueueState queue =
        new QueueState(record, totalMessages, shard.context, parkedReserves, shard::changed);
    shard.queues.put(queue.ref, queue);
    catalog.add(queue.ref);
    alertGraph.set(queue.ref, AlertRules.progressiveTargets(queue.ref, record.config().alerts()));
    return queue;
  }

  /** Gives a queue new settings. */
  void reconfigure(QueueState queue, QueueConfig config, Task task) {
    queue.reconfigure(config, task);
    alertGraph.set(queue.ref, AlertRules.progressiveTargets(queue.ref, config.alerts()));
  }

  /** Forgets a queue (the caller writes its deletion). */
  void remove(Shard shard, QueueState queue) {
    shard.queues.remove(queue.ref);
    catalog.remove(queue.ref);
    alertGraph.remove(queue.ref);
  }

  /** The queue's info, once its dead-letter queue, when its settings name one, exists. */
  CompletableFuture<QueueInfo> withDeadLetterQueue(QueueInfo info) {
    if (info.config().deadLetter().isEmpty()) {
      return CompletableFuture.completedFuture(info);
    }
    QueueRef target = info.ref().sibling(info.config().deadLetter().get().queueName());
    Shard shard = shardFor(target);
    return shard.submit(task -> ensure(shard, target, task)).thenApply(created -> info);
  }

  /** What every queue holds now, read on each shard's thread. */
  CompletableFuture<List<QueueLoad>> loads() {
    List<CompletableFuture<List<QueueLoad>>> perShard = new java.util.ArrayList<>();
    for (Shard shard : shards) {
      perShard.add(
          shard.read(task -> shard.queues.values().stream().map(q -> q.load(task)).toList()));
    }
    return CompletableFuture.allOf(perShard.toArray(CompletableFuture[]::new))
        .thenApply(done -> perShard.stream().flatMap(loads -> loads.join().stream()).toList());
  }

  /**
   * Checks the age and failure-rate alerts of every queue that has any, on each shard's thread,
   * with the subscribers' attempts of the last minute by queue and name.
   */
  CompletableFuture<Void> checkAlerts(Map<QueueRef, Map<String, SubscriberRate>> rates) {
    CompletableFuture<?>[] checked = new CompletableFuture<?>[shards.length];
    for (int i = 0; i < shards.length; i++) {
      Shard shard = shards[i];
      checked[i] =
          shard.submit(
              task -> {
                for (QueueState queue : shard.queues.values()) {
                  if (queue.hasCheckedAlerts()) {
                    queue.checkAlerts(rates.getOrDefault(queue.ref, Map.of()), task);
                  }
                }
                return null;
              });
    }
    return CompletableFuture.allOf(checked);
  }

  /** Ends every parked reserve of every queue with no messages. */
  CompletableFuture<Void> endWaits() {
    CompletableFuture<?>[] ended = new CompletableFuture<?>[shards.length];
    for (int i = 0; i < shards.length; i++) {
      Shard shard = shards[i];
      ended[i] =
          shard.submit(
              task -> {
                shard.queues.values().forEach(queue -> queue.endWaits(task));
                return null;
              });
    }
    return CompletableFuture.allOf(ended);
  }

  void raiseQueueIds(long seen) {
    queueIds.accumulateAndGet(seen, Math::max);
  }

  List<String> list(String projectId, Optional<String> previous, String prefix, int limit) {
    return catalog.list(projectId, previous, prefix, limit);
  }
}
