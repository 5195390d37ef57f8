package dev.ironmq.core;

import static dev.ironmq.backend.problem.ProblemException.attempt;

import dev.ironmq.backend.AlertChange;
import dev.ironmq.backend.BackendHealth;
import dev.ironmq.backend.BrowsePage;
import dev.ironmq.backend.BrowseRequest;
import dev.ironmq.backend.DeleteTarget;
import dev.ironmq.backend.InternalMessages;
import dev.ironmq.backend.IssuedToken;
import dev.ironmq.backend.Limits;
import dev.ironmq.backend.MessageRules;
import dev.ironmq.backend.MessageView;
import dev.ironmq.backend.NewMessage;
import dev.ironmq.backend.PauseChange;
import dev.ironmq.backend.PendingReserve;
import dev.ironmq.backend.ProjectRecord;
import dev.ironmq.backend.PushStatus;
import dev.ironmq.backend.PushTransport;
import dev.ironmq.backend.QueueBackend;
import dev.ironmq.backend.QueueChange;
import dev.ironmq.backend.QueueConfigs;
import dev.ironmq.backend.QueueInfo;
import dev.ironmq.backend.QueueLoad;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.QueueStats;
import dev.ironmq.backend.ReservationCheck;
import dev.ironmq.backend.ReserveRequest;
import dev.ironmq.backend.ReservedMessage;
import dev.ironmq.backend.StatsPoint;
import dev.ironmq.backend.StatsStep;
import dev.ironmq.backend.SubscriberChange;
import dev.ironmq.backend.SubscriberRate;
import dev.ironmq.backend.TokenRecord;
import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import dev.ironmq.core.auth.Projects;
import dev.ironmq.store.Journal;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Function;

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

  private final Journal journal;
  private final InstantSource clock;
  private final List<ShardRuntime> runtimes;
  private final EngineSettings settings;
  private final PushTransport transport;
  private final InternalMessages messages;
  private final AtomicLong parkedReserves = new AtomicLong();
  private final Memory memory;
  private final QueueHistory history;

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
    this.journal = journal;
    this.clock = clock;
    this.runtimes = List.copyOf(runtimes);
    this.settings = settings;
    this.transport = transport;
    this.messages = messages;
    this.memory = new Memory(this::load);
    this.history = new QueueHistory(journal);
    journal.watch(memory);
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

  private MemoryImage load(Problem readOnly) {
    return MemoryImage.load(
        journal, clock, runtimes, settings, transport, messages, parkedReserves, readOnly);
  }

  // ---- projects and tokens ----

  @Override
  public void checkAccess(String token, String projectId) {
    memory.current().projects.checkAccess(token, projectId);
  }

  @Override
  public void checkAdmin(String token) {
    memory.current().projects.checkAdmin(token);
  }

  @Override
  public Optional<TokenRecord> authenticate(String token) {
    return memory.current().projects.authenticate(token);
  }

  @Override
  public CompletableFuture<ProjectRecord> createProject(Optional<String> projectId, String name) {
    return write(projects -> projects.createProject(projectId, name));
  }

  @Override
  public CompletableFuture<List<ProjectRecord>> listProjects() {
    return memory.fresh().thenApply(current -> current.projects.projects());
  }

  @Override
  public CompletableFuture<IssuedToken> issueToken(
      Optional<String> token, Set<String> projectIds, boolean admin, String label) {
    return write(projects -> projects.issueToken(token, projectIds, admin, label));
  }

  @Override
  public CompletableFuture<List<TokenRecord>> listTokens() {
    return memory.fresh().thenApply(current -> current.projects.tokens());
  }

  @Override
  public CompletableFuture<Boolean> revokeToken(String tokenId) {
    return write(projects -> projects.revokeToken(tokenId));
  }

  /** A change to projects or tokens, refused while writes are. */
  private <T> CompletableFuture<T> write(Function<Projects, CompletableFuture<T>> change) {
    MemoryImage current = memory.current();
    Problem refusal = current.health.refusal();
    if (refusal != null) {
      return CompletableFuture.failedFuture(new ProblemException(refusal));
    }
    return attempt(() -> change.apply(current.projects))
        .exceptionallyCompose(error -> CompletableFuture.failedFuture(asProblem(error)));
  }

  /** A problem stays as it is; a failed write becomes the problem writes are refused with. */
  private static Throwable asProblem(Throwable error) {
    Throwable cause = error instanceof CompletionException ? error.getCause() : error;
    return cause instanceof ProblemException ? cause : StorageHealth.commitFailure(cause);
  }

  // ---- queues ----

  @Override
  public CompletableFuture<QueueInfo> putQueue(QueueRef ref, QueueChange change) {
    return memory.current().queues.put(ref, change);
  }

  @Override
  public CompletableFuture<QueueInfo> updateQueue(QueueRef ref, QueueChange change) {
    QueueDirectory queues = memory.current().queues;
    return queues
        .write(
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
    QueueDirectory queues = memory.current().queues;
    return queues.write(
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
  public CompletableFuture<QueueInfo> pause(QueueRef ref, PauseChange change) {
    QueueDirectory queues = memory.current().queues;
    return queues.write(
        ref,
        (queue, task) -> {
          queues.reconfigure(queue, QueueConfigs.paused(queue.config(), change), task);
          return queue.info(task);
        });
  }

  @Override
  public CompletableFuture<QueueInfo> changeAlerts(QueueRef ref, AlertChange change) {
    return updateQueue(ref, QueueChange.none().withAlerts(change));
  }

  @Override
  public CompletableFuture<QueueInfo> queueInfo(QueueRef ref) {
    return onQueueRead(ref, QueueState::info);
  }

  @Override
  public CompletableFuture<Void> deleteQueue(QueueRef ref) {
    return memory.current().queues.delete(ref);
  }

  @Override
  public CompletableFuture<List<String>> listQueues(
      String projectId, Optional<String> previous, String prefix, int perPage) {
    int limit = perPage <= 0 ? Limits.DEFAULT_PER_PAGE : Math.min(perPage, Limits.MAX_PER_PAGE);
    return memory
        .fresh()
        .thenApply(current -> current.queues.list(projectId, previous, prefix, limit));
  }

  // ---- messages ----

  @Override
  public CompletableFuture<List<Long>> post(QueueRef ref, List<NewMessage> messages) {
    return attempt(
        () -> {
          MessageRules.checkPost(messages, settings.maxMessageBytes());
          return memory.current().queues.post(ref, messages);
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
    return memory.current().queues.reserve(ref, request, result);
  }

  @Override
  public CompletableFuture<List<MessageView>> peek(QueueRef ref, int count) {
    return attempt(
        () -> {
          MessageRules.checkCount(count, "n", Limits.MAX_MESSAGES_PER_RESERVE);
          return onQueueRead(ref, (queue, task) -> queue.peek(count, task));
        });
  }

  @Override
  public CompletableFuture<BrowsePage> browse(QueueRef ref, BrowseRequest request) {
    return onQueueRead(ref, (queue, task) -> queue.browse(request, task));
  }

  @Override
  public CompletableFuture<MessageView> message(QueueRef ref, long messageId) {
    return onQueueRead(ref, (queue, task) -> queue.get(messageId, task));
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
    return onQueueRead(ref, (queue, task) -> queue.pushStatuses(messageId, task));
  }

  // ---- age and failure-rate alerts ----

  @Override
  public CompletableFuture<Void> checkAlerts(List<SubscriberRate> rates) {
    Map<QueueRef, Map<String, SubscriberRate>> byQueue = new HashMap<>();
    for (SubscriberRate rate : rates) {
      byQueue.computeIfAbsent(rate.queue(), q -> new HashMap<>()).put(rate.subscriber(), rate);
    }
    return memory.current().queues.checkAlerts(byQueue);
  }

  // ---- history ----

  @Override
  public CompletableFuture<Void> recordStats(long minute, List<QueueStats> samples) {
    List<CompletableFuture<Optional<QueueHistory.Minute>>> resolved = new ArrayList<>();
    for (QueueStats sample : samples) {
      resolved.add(
          onQueueRead(
                  sample.ref(),
                  (queue, task) -> new QueueHistory.Minute(queue.queueId, sample.counts()))
              .handle(Engine::unlessQueueGone));
    }
    return CompletableFuture.allOf(resolved.toArray(CompletableFuture[]::new))
        .thenCompose(
            all ->
                history.record(
                    minute,
                    resolved.stream()
                        .map(CompletableFuture::join)
                        .flatMap(Optional::stream)
                        .toList()));
  }

  /** A queue deleted since it was sampled has no history to add to. */
  private static <T> Optional<T> unlessQueueGone(T value, Throwable failure) {
    if (failure == null) {
      return Optional.of(value);
    }
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    if (cause instanceof ProblemException problem
        && problem.problem() instanceof Problem.QueueNotFound) {
      return Optional.empty();
    }
    throw failure instanceof CompletionException completion
        ? completion
        : new CompletionException(failure);
  }

  @Override
  public CompletableFuture<List<StatsPoint>> stats(
      QueueRef ref, long from, long to, StatsStep step) {
    long oldest = clock.millis() - step.retentionMillis();
    return onQueueRead(ref, (queue, task) -> queue.queueId)
        .thenCompose(queueId -> history.read(queueId, step, Math.max(from, oldest), to));
  }

  @Override
  public BackendHealth health() {
    return memory.health();
  }

  @Override
  public long parkedReserves() {
    return parkedReserves.get();
  }

  @Override
  public CompletableFuture<List<QueueLoad>> queueLoads() {
    return memory.fresh().thenCompose(current -> current.queues.loads());
  }

  @Override
  public CompletableFuture<Void> endWaits() {
    return memory.current().queues.endWaits();
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

  /** Runs a write on a queue, on its shard's thread; a missing queue is a problem. */
  private <T> CompletableFuture<T> onQueue(
      QueueRef ref, BiFunction<QueueState, Task, T> operation) {
    return memory.current().queues.write(ref, operation);
  }

  /**
   * Runs a read on a queue, served while writes are refused; after a failed write, once memory is
   * loaded again from the journal.
   */
  private <T> CompletableFuture<T> onQueueRead(
      QueueRef ref, BiFunction<QueueState, Task, T> operation) {
    return memory.fresh().thenCompose(current -> current.queues.read(ref, operation));
  }
}
