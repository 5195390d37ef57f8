package dev.ironmq.core;

import dev.ironmq.backend.AlertChange;
import dev.ironmq.backend.AlertRules;
import dev.ironmq.backend.ConfigRules;
import dev.ironmq.backend.DeleteTarget;
import dev.ironmq.backend.IronMqUrl;
import dev.ironmq.backend.IssuedToken;
import dev.ironmq.backend.Limits;
import dev.ironmq.backend.MessageRules;
import dev.ironmq.backend.MessageView;
import dev.ironmq.backend.NewMessage;
import dev.ironmq.backend.PendingReserve;
import dev.ironmq.backend.ProjectRecord;
import dev.ironmq.backend.PushAttempt;
import dev.ironmq.backend.PushOutcome;
import dev.ironmq.backend.PushPolicy;
import dev.ironmq.backend.PushStatus;
import dev.ironmq.backend.PushTransport;
import dev.ironmq.backend.QueueBackend;
import dev.ironmq.backend.QueueChange;
import dev.ironmq.backend.QueueConfig;
import dev.ironmq.backend.QueueConfigs;
import dev.ironmq.backend.QueueInfo;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.ReservationCheck;
import dev.ironmq.backend.ReserveRequest;
import dev.ironmq.backend.ReservedMessage;
import dev.ironmq.backend.SubscriberChange;
import dev.ironmq.backend.TokenRecord;
import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import dev.ironmq.core.auth.Projects;
import dev.ironmq.store.DeliveryRecord;
import dev.ironmq.store.Journal;
import dev.ironmq.store.MessageRecord;
import dev.ironmq.store.QueueRecord;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The queue engine: every queue operation of the API, for any thread to call.
 *
 * <p>Each queue belongs to one {@link Shard} (by the hash of its project and name) and changes only
 * on that shard's thread, without locks. An operation is validated here, handed to the shard,
 * applied to memory there, written to the store as one batch, and its future completes once that
 * batch is durable. Futures complete on the store's writer thread (or at once, for operations that
 * write nothing): callers hop back to their own thread to answer.
 */
public final class Engine implements QueueBackend {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);
  static final String QUEUE_ID_SEQUENCE = "queue_id";

  private final Journal store;
  private final InstantSource clock;
  private final EngineSettings settings;
  private final Shard[] shards;
  private final MessageIds messageIds = new MessageIds(0);
  private final AtomicLong queueIds = new AtomicLong();
  private final Catalog catalog = new Catalog();
  private final AtomicLong parkedReserves = new AtomicLong();
  private final Projects projects;
  private final PushTransport transport;
  private final AlertGraph alertGraph = new AlertGraph();
  private final ConfigRules rules;
  private volatile Problem storageFailure;

  private Engine(
      Journal store,
      InstantSource clock,
      List<ShardRuntime> runtimes,
      EngineSettings settings,
      PushTransport transport) {
    if (runtimes.isEmpty()) {
      throw new IllegalArgumentException("an engine needs at least one shard");
    }
    this.store = store;
    this.clock = clock;
    this.settings = settings;
    this.transport = transport;
    this.rules = new ConfigRules(transport, alertGraph);
    this.projects = new Projects(store, clock);
    this.shards = new Shard[runtimes.size()];
    for (int i = 0; i < shards.length; i++) {
      shards[i] = new Shard(i, this, runtimes.get(i));
    }
  }

  /**
   * Loads everything from the store and starts the engine with one shard per runtime, pushing
   * through the given transport. Must be called before any runtime runs a task.
   */
  public static Engine start(
      Journal store,
      InstantSource clock,
      List<ShardRuntime> runtimes,
      EngineSettings settings,
      PushTransport transport) {
    Engine engine = new Engine(store, clock, runtimes, settings, transport);
    JournalLoader.load(engine);
    for (Shard shard : engine.shards) {
      shard.startSweeping();
    }
    return engine;
  }

  // ---- projects and tokens ----

  @Override
  public void checkAccess(String token, String projectId) {
    projects.checkAccess(token, projectId);
  }

  @Override
  public void checkAdmin(String token) {
    projects.checkAdmin(token);
  }

  @Override
  public Optional<TokenRecord> authenticate(String token) {
    return projects.authenticate(token);
  }

  @Override
  public CompletableFuture<ProjectRecord> createProject(Optional<String> projectId, String name) {
    return attempt(() -> projects.createProject(projectId, name));
  }

  @Override
  public CompletableFuture<List<ProjectRecord>> listProjects() {
    return CompletableFuture.completedFuture(projects.projects());
  }

  @Override
  public CompletableFuture<IssuedToken> issueToken(
      Optional<String> token, Set<String> projectIds, boolean admin, String label) {
    return attempt(() -> projects.issueToken(token, projectIds, admin, label));
  }

  @Override
  public CompletableFuture<List<TokenRecord>> listTokens() {
    return CompletableFuture.completedFuture(projects.tokens());
  }

  @Override
  public CompletableFuture<Boolean> revokeToken(String tokenId) {
    return attempt(() -> projects.revokeToken(tokenId));
  }

  /** Restores a project or token while the engine loads the journal. */
  Projects projects() {
    return projects;
  }

  @Override
  public long parkedReserves() {
    return parkedReserves.get();
  }

  /** False once a write to the journal has failed; the server then needs a restart. */
  @Override
  public boolean isHealthy() {
    return storageFailure == null;
  }

  // ---- queues ----

  /** Creates the queue, or updates it when it exists (PUT in v3, POST in v1). */
  @Override
  public CompletableFuture<QueueInfo> putQueue(QueueRef ref, QueueChange change) {
    Shard shard = shardFor(ref);
    return shard
        .submit(
            tx -> {
              QueueState queue = shard.queues.get(ref);
              if (queue == null) {
                queue = createQueue(shard, ref, QueueConfigs.forNewQueue(ref, change, rules), tx);
              } else {
                reconfigure(queue, QueueConfigs.updated(ref, queue.config(), change, rules), tx);
              }
              return queue.info(tx);
            })
        .thenCompose(this::withDeadLetterQueue);
  }

  /** Updates an existing queue (PATCH in v3). */
  @Override
  public CompletableFuture<QueueInfo> updateQueue(QueueRef ref, QueueChange change) {
    Shard shard = shardFor(ref);
    return shard
        .submit(
            tx -> {
              QueueState queue = shard.queue(ref);
              reconfigure(queue, QueueConfigs.updated(ref, queue.config(), change, rules), tx);
              return queue.info(tx);
            })
        .thenCompose(this::withDeadLetterQueue);
  }

  /** Adds, replaces or removes subscribers of a push queue. */
  @Override
  public CompletableFuture<QueueInfo> changeSubscribers(QueueRef ref, SubscriberChange change) {
    Shard shard = shardFor(ref);
    return shard.submit(
        tx -> {
          QueueState queue = shard.queue(ref);
          reconfigure(queue, QueueConfigs.withSubscribers(ref, queue.config(), change, rules), tx);
          return queue.info(tx);
        });
  }

  /** Adds, replaces or removes alerts of a pull queue. */
  @Override
  public CompletableFuture<QueueInfo> changeAlerts(QueueRef ref, AlertChange change) {
    return updateQueue(ref, QueueChange.none().withAlerts(change));
  }

  private void reconfigure(QueueState queue, QueueConfig config, Tx tx) {
    queue.reconfigure(config, tx);
    alertGraph.set(queue.ref, AlertRules.progressiveTargets(queue.ref, config.alerts()));
  }

  private CompletableFuture<QueueInfo> withDeadLetterQueue(QueueInfo info) {
    return info.config()
        .deadLetter()
        .map(policy -> ensureQueue(info.ref().sibling(policy.queueName())).thenApply(q -> info))
        .orElse(CompletableFuture.completedFuture(info));
  }

  private CompletableFuture<QueueInfo> ensureQueue(QueueRef ref) {
    Shard shard = shardFor(ref);
    return shard.submit(tx -> ensureQueue(shard, ref, tx).info(tx));
  }

  @Override
  public CompletableFuture<QueueInfo> queueInfo(QueueRef ref) {
    Shard shard = shardFor(ref);
    return shard.submit(tx -> shard.queue(ref).info(tx));
  }

  @Override
  public CompletableFuture<Void> deleteQueue(QueueRef ref) {
    Shard shard = shardFor(ref);
    return shard.submit(
        tx -> {
          QueueState queue = shard.queue(ref);
          queue.drop(tx);
          shard.queues.remove(ref);
          catalog.remove(ref);
          alertGraph.remove(ref);
          tx.batch.queueDelete(queue.queueId);
          return null;
        });
  }

  /**
   * Names of a project's queues in byte order: up to {@code perPage} (clamped to the maximum) that
   * start with {@code prefix} and sort after {@code previous}.
   */
  @Override
  public CompletableFuture<List<String>> listQueues(
      String projectId, Optional<String> previous, String prefix, int perPage) {
    int limit = perPage <= 0 ? Limits.DEFAULT_PER_PAGE : Math.min(perPage, Limits.MAX_PER_PAGE);
    return CompletableFuture.completedFuture(catalog.list(projectId, previous, prefix, limit));
  }

  // ---- push ----

  /**
   * Acknowledges a push delivery that got a 202. With {@link ReservationCheck#NONE} (API v1) any
   * awaited delivery to the subscriber is acknowledged.
   */
  @Override
  public CompletableFuture<Void> acknowledge(
      QueueRef ref,
      long messageId,
      String subscriberName,
      Optional<String> reservationId,
      ReservationCheck check) {
    Shard shard = shardFor(ref);
    return shard.submit(
        tx -> {
          shard.queue(ref).acknowledge(messageId, subscriberName, reservationId, check, tx);
          return null;
        });
  }

  /** The push statuses of a message, one per subscriber (multicast) or one (unicast). */
  @Override
  public CompletableFuture<List<PushStatus>> pushStatuses(QueueRef ref, long messageId) {
    Shard shard = shardFor(ref);
    return shard.submit(tx -> shard.queue(ref).pushStatuses(messageId, tx));
  }

  // ---- messages ----

  /** Posts messages, creating the queue if needed; the ids come back in the same order. */
  @Override
  public CompletableFuture<List<Long>> post(QueueRef ref, List<NewMessage> messages) {
    return attempt(
        () -> {
          MessageRules.checkPost(messages, settings.maxMessageBytes());
          Shard shard = shardFor(ref);
          return shard.submit(tx -> ensureQueue(shard, ref, tx).post(messages, tx));
        });
  }

  /**
   * Reserves messages. With a wait and nothing available, the reserve parks (no thread is held)
   * until a message arrives or the wait ends, and then answers with what it got, maybe nothing.
   */
  @Override
  public PendingReserve reserve(QueueRef ref, ReserveRequest request) {
    CompletableFuture<List<ReservedMessage>> result = new CompletableFuture<>();
    try {
      MessageRules.checkReserve(request);
    } catch (ProblemException problem) {
      result.completeExceptionally(problem);
      return new PendingReserve(result, () -> {});
    }
    Shard shard = shardFor(ref);
    Waiter waiter = new Waiter(request, result, parkedReserves);
    shard.runFor(
        result,
        tx -> {
          QueueState queue = shard.queue(ref);
          List<ReservedMessage> taken = queue.reserve(request, tx);
          if (taken.isEmpty() && request.waitSeconds() > 0) {
            queue.await(waiter, tx);
          } else {
            tx.completeAfterCommit(result, taken);
          }
        });
    return new PendingReserve(
        result,
        () ->
            shard.run(
                tx -> {
                  QueueState queue = shard.queues.get(ref);
                  if (queue != null) {
                    queue.expire(waiter, tx);
                  }
                }));
  }

  @Override
  public CompletableFuture<List<MessageView>> peek(QueueRef ref, int count) {
    return attempt(
        () -> {
          MessageRules.checkCount(count, "n", Limits.MAX_MESSAGES_PER_RESERVE);
          Shard shard = shardFor(ref);
          return shard.submit(tx -> shard.queue(ref).peek(count, tx));
        });
  }

  @Override
  public CompletableFuture<MessageView> message(QueueRef ref, long messageId) {
    Shard shard = shardFor(ref);
    return shard.submit(tx -> shard.queue(ref).get(messageId, tx));
  }

  @Override
  public CompletableFuture<Void> deleteMessage(
      QueueRef ref, long messageId, Optional<String> reservationId, ReservationCheck check) {
    Shard shard = shardFor(ref);
    return shard.submit(
        tx -> {
          shard.queue(ref).delete(messageId, reservationId, check, tx);
          return null;
        });
  }

  /** Deletes all the given messages, or none when any of them cannot be deleted. */
  @Override
  public CompletableFuture<Void> deleteMessages(
      QueueRef ref, List<DeleteTarget> targets, ReservationCheck check) {
    return attempt(
        () -> {
          MessageRules.checkDeleteTargets(targets);
          Shard shard = shardFor(ref);
          return shard.submit(
              tx -> {
                shard.queue(ref).deleteAll(targets, check, tx);
                return null;
              });
        });
  }

  @Override
  public CompletableFuture<Void> clearMessages(QueueRef ref) {
    Shard shard = shardFor(ref);
    return shard.submit(
        tx -> {
          shard.queue(ref).clear(tx);
          return null;
        });
  }

  /** Renews a reservation; the answer carries the new reservation id. */
  @Override
  public CompletableFuture<ReservedMessage> touch(
      QueueRef ref,
      long messageId,
      Optional<String> reservationId,
      int timeoutSeconds,
      ReservationCheck check) {
    return attempt(
        () -> {
          MessageRules.checkTimeout(timeoutSeconds);
          Shard shard = shardFor(ref);
          return shard.submit(
              tx -> shard.queue(ref).touch(messageId, reservationId, timeoutSeconds, check, tx));
        });
  }

  @Override
  public CompletableFuture<Void> release(
      QueueRef ref,
      long messageId,
      Optional<String> reservationId,
      int delaySeconds,
      ReservationCheck check) {
    return attempt(
        () -> {
          MessageRules.checkDelay(delaySeconds);
          Shard shard = shardFor(ref);
          return shard.submit(
              tx -> {
                shard.queue(ref).release(messageId, reservationId, delaySeconds, check, tx);
                return null;
              });
        });
  }

  /**
   * Ends every parked reserve with no messages, as a server does before it stops, so that no client
   * waits out its long poll on a server that is going away.
   */
  @Override
  public CompletableFuture<Void> endWaits() {
    CompletableFuture<?>[] shardsDone = new CompletableFuture<?>[shards.length];
    for (int i = 0; i < shards.length; i++) {
      Shard shard = shards[i];
      shardsDone[i] =
          shard.submit(
              tx -> {
                shard.queues.values().forEach(queue -> queue.endWaits(tx));
                return null;
              });
    }
    return CompletableFuture.allOf(shardsDone);
  }

  // ---- for shards ----

  long pushRetentionMillis() {
    return settings.pushRetention().toMillis();
  }

  /** Starts an attempt: a copy into a queue of this server, or a send through the transport. */
  void push(Shard source, PushAttempt attempt, String key, DeliveryRecord deliveredRecord) {
    String url = attempt.subscriber().url();
    try {
      if (IronMqUrl.isIronMq(url)) {
        IronMqUrl target = IronMqUrl.parse(url);
        if (target.isLocal()) {
          copyIntoQueue(source, attempt, key, deliveredRecord, target);
          return;
        }
      }
      transport.deliver(attempt, outcome -> source.pushOutcome(attempt, key, outcome, false));
    } catch (RuntimeException e) {
      source.pushOutcome(
          attempt, key, new PushOutcome.Failed(0, String.valueOf(e.getMessage())), false);
    }
  }

  /**
   * Copies a push message into a queue of this server. The copy and the delivery's success are
   * written in one batch, on the target queue's shard, so a crash cannot deliver it twice.
   */
  private void copyIntoQueue(
      Shard source, PushAttempt attempt, String key, DeliveryRecord delivered, IronMqUrl url) {
    QueueRef target = url.target(attempt.queue().projectId());
    Shard shard = shardFor(target);
    shard.run(
        tx -> {
          try {
            if (url.token().isPresent()) {
              projects.checkAccess(url.token().get(), target.projectId());
            }
            QueueState queue = ensureQueue(shard, target, tx);
            queue.post(List.of(new NewMessage(attempt.body(), 0, 0, 0, attempt.pushHeaders())), tx);
            tx.batch.deliveryPut(delivered);
            tx.afterCommit(
                failure ->
                    source.pushOutcome(
                        attempt,
                        key,
                        failure == null
                            ? new PushOutcome.Delivered(201)
                            : new PushOutcome.Failed(0, "the copy could not be stored"),
                        failure == null));
          } catch (ProblemException problem) {
            source.pushOutcome(
                attempt, key, new PushOutcome.Failed(0, problem.getMessage()), false);
          }
        });
  }

  /**
   * Records a delivery given up on. With an error queue, the report message and the delivery's
   * final state are written in one batch on the error queue's shard.
   */
  void reportPushError(
      QueueState source, PushPolicy policy, MessageEntry entry, DeliveryRecord record, Tx tx) {
    if (policy.errorQueue().isEmpty()) {
      tx.batch.deliveryPut(record);
      return;
    }
    postInternally(
        source.ref.sibling(policy.errorQueue()),
        PushErrors.report(entry, record, policy),
        Optional.of(record));
  }

  /**
   * Posts a message made by the server itself (an error report, an alert) to a queue, creating it
   * if needed, with an extra record written in the same batch.
   */
  void postInternally(QueueRef target, String body, Optional<DeliveryRecord> alongside) {
    Shard shard = shardFor(target);
    shard.run(
        tx -> {
          QueueState queue = ensureQueue(shard, target, tx);
          queue.post(List.of(NewMessage.of(body)), tx);
          alongside.ifPresent(tx.batch::deliveryPut);
        });
  }

  void moveToDeadLetterQueue(
      QueueRef target, long sourceQueueId, MessageRecord message, int reservedCount) {
    Shard shard = shardFor(target);
    shard.run(
        tx -> {
          QueueState queue = ensureQueue(shard, target, tx);
          tx.batch.messageDelete(sourceQueueId, message.messageId());
          queue.adopt(message, reservedCount, tx);
        });
  }

  private QueueState ensureQueue(Shard shard, QueueRef ref, Tx tx) {
    QueueState queue = shard.queues.get(ref);
    return queue != null
        ? queue
        : createQueue(shard, ref, QueueConfigs.forNewQueue(ref, QueueChange.none(), rules), tx);
  }

  private QueueState createQueue(Shard shard, QueueRef ref, QueueConfig config, Tx tx) {
    long queueId = queueIds.incrementAndGet();
    QueueRecord record = new QueueRecord(queueId, ref.projectId(), ref.name(), config, tx.now);
    QueueState queue = new QueueState(shard, record, 0);
    shard.queues.put(ref, queue);
    catalog.add(ref);
    alertGraph.set(ref, AlertRules.progressiveTargets(ref, config.alerts()));
    tx.batch.queuePut(record).sequenceRaise(QUEUE_ID_SEQUENCE, queueId);
    return queue;
  }

  /** Places a stored queue at start-up. */
  QueueState restoreQueue(QueueRecord record, long totalMessages) {
    QueueRef ref = new QueueRef(record.projectId(), record.name());
    Shard shard = shardFor(ref);
    QueueState queue = new QueueState(shard, record, totalMessages);
    shard.queues.put(ref, queue);
    catalog.add(ref);
    alertGraph.set(ref, AlertRules.progressiveTargets(ref, record.config().alerts()));
    queueIds.accumulateAndGet(record.queueId(), Math::max);
    return queue;
  }

  void raiseQueueIds(long seen) {
    queueIds.accumulateAndGet(seen, Math::max);
  }

  Shard shardFor(QueueRef ref) {
    return shards[Math.floorMod(ref.hashCode(), shards.length)];
  }

  Journal store() {
    return store;
  }

  long now() {
    return clock.millis();
  }

  MessageIds messageIds() {
    return messageIds;
  }

  Problem storageFailure() {
    return storageFailure;
  }

  /** Turns a failed commit into the problem callers see, and refuses all later work. */
  Throwable commitFailure(Throwable error) {
    if (error == null) {
      return null;
    }
    if (storageFailure == null) {
      log.error("The store failed; the engine now refuses every operation", error);
      storageFailure =
          new Problem.StorageUnavailable("Storage failed; the server must be restarted");
    }
    return new ProblemException(storageFailure);
  }

  private static <T> CompletableFuture<T> attempt(Supplier<CompletableFuture<T>> operation) {
    try {
      return operation.get();
    } catch (ProblemException problem) {
      return CompletableFuture.failedFuture(problem);
    }
  }
}
