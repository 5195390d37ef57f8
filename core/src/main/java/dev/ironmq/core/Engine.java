package dev.ironmq.core;

import dev.ironmq.backend.AlertChange;
import dev.ironmq.backend.DeleteTarget;
import dev.ironmq.backend.InternalMessages;
import dev.ironmq.backend.IssuedToken;
import dev.ironmq.backend.Limits;
import dev.ironmq.backend.MessageRules;
import dev.ironmq.backend.MessageView;
import dev.ironmq.backend.NewMessage;
import dev.ironmq.backend.PendingReserve;
import dev.ironmq.backend.ProjectRecord;
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
import dev.ironmq.backend.problem.ProblemException;
import dev.ironmq.core.auth.Projects;
import dev.ironmq.store.Journal;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * The embedded engine: the backend whose every queue lives in the memory of this JVM, each change
 * written to a {@link Journal} before it is answered.
 *
 * <p>Each queue belongs to one {@link Shard} (by the hash of its project and name) and changes only
 * on that shard's thread, without locks. An operation is checked here, handed to the queue's shard
 * ({@link #onQueue}), applied to memory there, written to the journal as one batch, and its future
 * completes once that batch is durable. Futures complete on the journal's writer thread (or at
 * once, for operations that write nothing): callers hop back to their own thread to answer.
 */
public final class Engine implements QueueBackend {
  private final Projects projects;
  private final StorageHealth health = new StorageHealth();
  private final AtomicLong parkedReserves = new AtomicLong();
  private final EngineSettings settings;
  private final QueueDirectory queues;

  private Engine(
      Journal journal,
      InstantSource clock,
      List<ShardRuntime> runtimes,
      EngineSettings settings,
      PushTransport transport,
      InternalMessages messages) {
    if (runtimes.isEmpty()) {
      throw new IllegalArgumentException("an engine needs at least one shard");
    }
    this.settings = settings;
    this.projects = new Projects(journal, clock);
    MessageIds messageIds = new MessageIds(0);
    Shard[] shards = new Shard[runtimes.size()];
    EffectRouter[] router = new EffectRouter[1];
    for (int i = 0; i < shards.length; i++) {
      QueueContext context =
          new QueueContext(
              messageIds, new ReservationIds(), settings.pushRetention().toMillis(), messages);
      shards[i] =
          new Shard(i, context, runtimes.get(i), journal, clock, health, e -> router[0].route(e));
    }
    this.queues = new QueueDirectory(shards, transport, parkedReserves);
    router[0] = new EffectRouter(queues, projects, transport);
    JournalLoader.load(journal, queues, messageIds, projects, clock.millis());
    queues.shards().forEach(Shard::start);
  }

  /**
   * Loads everything from the journal and starts the engine with one shard per runtime, pushing
   * through the given transport. Must be called before any runtime runs a task.
   */
  public static Engine start(
      Journal journal,
      InstantSource clock,
      List<ShardRuntime> runtimes,
      EngineSettings settings,
      PushTransport transport,
      InternalMessages messages) {
    return new Engine(journal, clock, runtimes, settings, transport, messages);
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

  // ---- queues ----

  @Override
  public CompletableFuture<QueueInfo> putQueue(QueueRef ref, QueueChange change) {
    Shard shard = queues.shardFor(ref);
    return shard
        .submit(
            task -> {
              QueueState queue = shard.queues.get(ref);
              if (queue == null) {
                QueueConfig config = QueueConfigs.forNewQueue(ref, change, queues.rules());
                queue = queues.create(shard, ref, config, task);
              } else {
                QueueConfig config =
                    QueueConfigs.updated(ref, queue.config(), change, queues.rules());
                queues.reconfigure(queue, config, task);
              }
              return queue.info(task);
            })
        .thenCompose(queues::withDeadLetterQueue);
  }

  @Override
  public CompletableFuture<QueueInfo> updateQueue(QueueRef ref, QueueChange change) {
    return onQueue(
            ref,
            (queue, task) -> {
              queues.reconfigure(
                  queue, QueueConfigs.updated(ref, queue.config(), change, queues.rules()), task);
              return queue.info(task);
            })
        .thenCompose(queues::withDeadLetterQueue);
  }

  @Override
  public CompletableFuture<QueueInfo> changeSubscribers(QueueRef ref, SubscriberChange change) {
    return onQueue(
        ref,
        (queue, task) -> {
          queues.reconfigure(
              queue,
              QueueConfigs.withSubscribers(ref, queue.config(), change, queues.rules()),
              task);
          return queue.info(task);
        });
  }

  @Override
  public CompletableFuture<QueueInfo> changeAlerts(QueueRef ref, AlertChange change) {
    return updateQueue(ref, QueueChange.none().withAlerts(change));
  }

  @Override
  public CompletableFuture<QueueInfo> queueInfo(QueueRef ref) {
    return onQueue(ref, QueueState::info);
  }

  @Override
  public CompletableFuture<Void> deleteQueue(QueueRef ref) {
    Shard shard = queues.shardFor(ref);
    return shard.submit(
        task -> {
          QueueState queue = shard.queue(ref);
          queue.drop(task);
          queues.remove(shard, queue);
          task.batch.queueDelete(queue.queueId);
          return null;
        });
  }

  @Override
  public CompletableFuture<List<String>> listQueues(
      String projectId, Optional<String> previous, String prefix, int perPage) {
    int limit = perPage <= 0 ? Limits.DEFAULT_PER_PAGE : Math.min(perPage, Limits.MAX_PER_PAGE);
    return CompletableFuture.completedFuture(queues.list(projectId, previous, prefix, limit));
  }

  // ---- messages ----

  @Override
  public CompletableFuture<List<Long>> post(QueueRef ref, List<NewMessage> messages) {
    return attempt(
        () -> {
          MessageRules.checkPost(messages, settings.maxMessageBytes());
          Shard shard = queues.shardFor(ref);
          return shard.submit(task -> queues.ensure(shard, ref, task).post(messages, task));
        });
  }

  @Override
  public PendingReserve reserve(QueueRef ref, ReserveRequest request) {
    CompletableFuture<List<ReservedMessage>> result = new CompletableFuture<>();
    try {
      MessageRules.checkReserve(request);
    } catch (ProblemException problem) {
      result.completeExceptionally(problem);
      return new PendingReserve(result, () -> {});
    }
    Shard shard = queues.shardFor(ref);
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

  @Override
  public CompletableFuture<List<MessageView>> peek(QueueRef ref, int count) {
    return attempt(
        () -> {
          MessageRules.checkCount(count, "n", Limits.MAX_MESSAGES_PER_RESERVE);
          return onQueue(ref, (queue, task) -> queue.peek(count, task));
        });
  }

  @Override
  public CompletableFuture<MessageView> message(QueueRef ref, long messageId) {
    return onQueue(ref, (queue, task) -> queue.get(messageId, task));
  }

  @Override
  public CompletableFuture<Void> deleteMessage(
      QueueRef ref, long messageId, Optional<String> reservationId, ReservationCheck check) {
    return onQueueDo(
        ref,
        (queue, task) ->
            queue.delete(messageId, new Reservations.Claim(reservationId, check), task));
  }

  @Override
  public CompletableFuture<Void> deleteMessages(
      QueueRef ref, List<DeleteTarget> targets, ReservationCheck check) {
    return attempt(
        () -> {
          MessageRules.checkDeleteTargets(targets);
          List<Long> ids = targets.stream().map(DeleteTarget::messageId).toList();
          List<Reservations.Claim> claims =
              targets.stream().map(t -> new Reservations.Claim(t.reservationId(), check)).toList();
          return onQueueDo(ref, (queue, task) -> queue.deleteAll(ids, claims, task));
        });
  }

  @Override
  public CompletableFuture<Void> clearMessages(QueueRef ref) {
    return onQueueDo(ref, (queue, task) -> queue.clear(task));
  }

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
          return onQueue(
              ref,
              (queue, task) ->
                  queue.touch(
                      messageId,
                      new Reservations.Claim(reservationId, check),
                      timeoutSeconds,
                      task));
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
          return onQueueDo(
              ref,
              (queue, task) ->
                  queue.release(
                      messageId, new Reservations.Claim(reservationId, check), delaySeconds, task));
        });
  }

  // ---- push ----

  @Override
  public CompletableFuture<Void> acknowledge(
      QueueRef ref,
      long messageId,
      String subscriberName,
      Optional<String> reservationId,
      ReservationCheck check) {
    return onQueueDo(
        ref,
        (queue, task) ->
            queue.acknowledge(
                messageId, subscriberName, new Reservations.Claim(reservationId, check), task));
  }

  @Override
  public CompletableFuture<List<PushStatus>> pushStatuses(QueueRef ref, long messageId) {
    return onQueue(ref, (queue, task) -> queue.pushStatuses(messageId, task));
  }

  // ---- the server ----

  @Override
  public boolean isHealthy() {
    return health.isHealthy();
  }

  @Override
  public long parkedReserves() {
    return parkedReserves.get();
  }

  @Override
  public CompletableFuture<Void> endWaits() {
    return queues.endWaits();
  }

  /** Runs an action on a queue that answers nothing but its success. */
  private CompletableFuture<Void> onQueueDo(QueueRef ref, BiConsumer<QueueState, Task> action) {
    return onQueue(
        ref,
        (queue, task) -> {
          action.accept(queue, task);
          return null;
        });
  }

  /** Runs an operation on a queue, on its shard's thread; a missing queue is a problem. */
  private <T> CompletableFuture<T> onQueue(
      QueueRef ref, BiFunction<QueueState, Task, T> operation) {
    Shard shard = queues.shardFor(ref);
    return shard.submit(task -> operation.apply(shard.queue(ref), task));
  }

  private static <T> CompletableFuture<T> attempt(Supplier<CompletableFuture<T>> operation) {
    try {
      return operation.get();
    } catch (ProblemException problem) {
      return CompletableFuture.failedFuture(problem);
    }
  }
}
