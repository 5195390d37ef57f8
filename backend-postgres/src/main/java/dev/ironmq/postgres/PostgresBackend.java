package dev.ironmq.postgres;

import static dev.ironmq.backend.problem.ProblemException.attempt;

import dev.ironmq.backend.AlertChange;
import dev.ironmq.backend.BackendHealth;
import dev.ironmq.backend.BrowsePage;
import dev.ironmq.backend.BrowseRequest;
import dev.ironmq.backend.DeleteTarget;
import dev.ironmq.backend.InternalMessages;
import dev.ironmq.backend.IssuedToken;
import dev.ironmq.backend.Limits;
import dev.ironmq.backend.MessageEvents;
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
import dev.ironmq.backend.problem.ProblemException;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The backend whose every queue, message, reservation and push delivery lives in one PostgreSQL
 * database, shared by any number of stateless server nodes. Each API call is one statement (a call
 * of one of the functions the schema defines) or one short transaction, run on the Vert.x reactive
 * client, so no thread waits for the database; its future completes once the change is committed.
 *
 * <p>What a node keeps in memory is what it must answer at once (projects and tokens, refreshed on
 * every change any node makes), and what is its own: the reserves parked on it and the push
 * attempts it made. Everything that coordinates nodes is in the database: row locks with {@code
 * SKIP LOCKED} hand each message to one consumer, leases hand each push attempt to one node, and
 * {@code LISTEN}/{@code NOTIFY} tells nodes with parked reserves that messages arrived.
 */
public final class PostgresBackend implements QueueBackend {
  /** Tells the nodes with reserves parked on the queue to look again. */
  private static final String WAKE = "SELECT wake_listeners((queue_named($1, $2)).id, $3)";

  private final Database database;
  private final Clockwork clock;
  private final PostgresSettings settings;
  private final Projects projects;
  private final QueueSettings queueSettings;
  private final Messages messages;
  private final Browsing browsing;
  private final History history;
  private final PushDeliveries push;
  private final LongPolls longPolls;
  private final Alerts alerts;
  private final Takes takes;
  private final PostBatcher posts;
  private final Work work = new Work();

  PostgresBackend(
      Database database,
      Clockwork clock,
      PushTransport transport,
      InternalMessages internalMessages,
      PostgresSettings settings) {
    this.database = database;
    this.clock = clock;
    this.settings = settings;
    this.posts = new PostBatcher(this::write, settings.commits());
    this.projects = new Projects(database, clock);
    this.queueSettings = new QueueSettings(database, clock, transport);
    this.messages = new Messages(database, clock, settings);
    this.browsing = new Browsing(database, clock);
    this.history = new History(database, clock);
    this.push =
        new PushDeliveries(
            database,
            clock,
            transport,
            internalMessages,
            projects,
            work,
            new DeliveryEvents.Settings(
                settings.leaseMillis(), queueSettings::newQueueConfig, settings.events()));
    this.alerts = new Alerts(database, clock, internalMessages, this::post);
    this.takes = new Takes(messages, queueSettings, alerts, settings.events());
    this.longPolls = new LongPolls(database, clock, work, settings.node(), takes);
  }

  /** Loads projects and tokens, and runs what fell due while no node ran. */
  CompletableFuture<Void> start() {
    push.renewLeases();
    return projects.reload().thenRun(() -> work.track(push.runDue()));
  }

  LongPolls longPolls() {
    return longPolls;
  }

  Projects projects() {
    return projects;
  }

  PushDeliveries push() {
    return push;
  }

  Work work() {
    return work;
  }

  // ---- projects and tokens ----

  @Override
  public void checkAccess(String token, String projectId) {
    projects.directory().checkAccess(token, projectId);
  }

  @Override
  public void checkAdmin(String token) {
    projects.directory().checkAdmin(token);
  }

  @Override
  public Optional<TokenRecord> authenticate(String token) {
    return projects.directory().authenticate(token);
  }

  @Override
  public CompletableFuture<ProjectRecord> createProject(Optional<String> projectId, String name) {
    return attempt(() -> projects.createProject(projectId, name));
  }

  @Override
  public CompletableFuture<List<ProjectRecord>> listProjects() {
    return projects.reload().thenApply(done -> projects.directory().projects());
  }

  @Override
  public CompletableFuture<IssuedToken> issueToken(
      Optional<String> token, Set<String> projectIds, boolean admin, String label) {
    return attempt(() -> projects.issueToken(token, projectIds, admin, label));
  }

  @Override
  public CompletableFuture<List<TokenRecord>> listTokens() {
    return projects.reload().thenApply(done -> projects.directory().tokens());
  }

  @Override
  public CompletableFuture<Boolean> revokeToken(String tokenId) {
    return attempt(() -> projects.revokeToken(tokenId));
  }

  // ---- queues ----

  @Override
  public CompletableFuture<QueueInfo> putQueue(QueueRef ref, QueueChange change) {
    return queueSettings.put(ref, change, true);
  }

  @Override
  public CompletableFuture<QueueInfo> updateQueue(QueueRef ref, QueueChange change) {
    return queueSettings.put(ref, change, false);
  }

  @Override
  public CompletableFuture<QueueInfo> changeSubscribers(QueueRef ref, SubscriberChange change) {
    return queueSettings.changeSubscribers(ref, change);
  }

  /**
   * Writes the pause; then every node's parked reserves on the queue look again and this node looks
   * for deliveries due, in case the change resumed them.
   */
  @Override
  public CompletableFuture<QueueInfo> pause(QueueRef ref, PauseChange change) {
    return queueSettings
        .pause(ref, change)
        .thenCompose(
            info ->
                database
                    .run(WAKE, Tuple.of(ref.projectId(), ref.name(), clock.now()))
                    .thenApply(
                        woken -> {
                          push.scheduleAt(clock.now());
                          return info;
                        }));
  }

  @Override
  public CompletableFuture<QueueInfo> changeAlerts(QueueRef ref, AlertChange change) {
    return updateQueue(ref, QueueChange.none().withAlerts(change));
  }

  @Override
  public CompletableFuture<QueueInfo> queueInfo(QueueRef ref) {
    return messages.info(ref);
  }

  @Override
  public CompletableFuture<Void> deleteQueue(QueueRef ref) {
    return database
        .one("SELECT drop_queue($1, $2)", Tuple.of(ref.projectId(), ref.name()))
        .thenAccept(row -> longPolls.queueDeleted(ref));
  }

  @Override
  public CompletableFuture<List<String>> listQueues(
      String projectId, Optional<String> previous, String prefix, int perPage) {
    int limit = perPage <= 0 ? Limits.DEFAULT_PER_PAGE : Math.min(perPage, Limits.MAX_PER_PAGE);
    return database
        .run(
            "SELECT name FROM queues WHERE project_id = $1 AND ($2::text IS NULL OR name > $2)"
                + " AND starts_with(name, $3) ORDER BY name LIMIT $4",
            Tuple.of(projectId, previous.orElse(null), prefix, limit))
        .thenApply(
            rows -> {
              List<String> names = new ArrayList<>();
              rows.forEach(row -> names.add(row.getString(0)));
              return names;
            });
  }

  // ---- messages ----

  @Override
  public CompletableFuture<List<Long>> post(QueueRef ref, List<NewMessage> newMessages) {
    return attempt(
        () -> {
          MessageRules.checkPost(newMessages, settings.maxMessageBytes());
          return posts.post(ref, newMessages);
        });
  }

  /**
   * Writes messages in one call (the posts {@link PostBatcher} gathered), then starts what the post
   * set off: push attempts, parked reserves, alerts.
   */
  private CompletableFuture<List<Long>> write(QueueRef ref, List<NewMessage> newMessages) {
    long now = clock.now();
    return database
        .one(
            Posts.POST,
            Posts.arguments(
                ref, queueSettings.newQueueConfig(ref), now, newMessages, settings.leaseMillis()))
        .thenCompose(
            row -> {
              Posts.Posted posted = Posts.posted(row, ref, newMessages, now);
              settings.events().happened(ref, MessageEvents.Kind.POSTED, newMessages.size());
              newMessages.stream()
                  .filter(m -> m.delaySeconds() > 0 && posted.config().type().isPush())
                  .mapToLong(m -> now + m.delaySeconds() * 1000L)
                  .min()
                  .ifPresent(push::scheduleAt);
              longPolls.wake(posted.queueId());
              return push.start(posted.starts())
                  .thenCompose(
                      copied ->
                          alerts.sizeChanged(
                              ref, posted.queueId(), posted.config(), posted.sizes()))
                  .thenApply(done -> posted.ids());
            });
  }

  @Override
  public PendingReserve reserve(QueueRef ref, ReserveRequest request) {
    try {
      MessageRules.checkReserve(request);
    } catch (ProblemException problem) {
      return new PendingReserve(CompletableFuture.failedFuture(problem), () -> {});
    }
    if (request.waitSeconds() > 0) {
      return longPolls.reserve(ref, request);
    }
    return new PendingReserve(
        takes.reserve(ref, request).thenApply(LongPolls.Reserved::messages), () -> {});
  }

  @Override
  public CompletableFuture<List<MessageView>> peek(QueueRef ref, int count) {
    return attempt(
        () -> {
          MessageRules.checkCount(count, "n", Limits.MAX_MESSAGES_PER_RESERVE);
          return messages.peek(ref, count);
        });
  }

  @Override
  public CompletableFuture<BrowsePage> browse(QueueRef ref, BrowseRequest request) {
    return browsing.browse(ref, request);
  }

  @Override
  public CompletableFuture<MessageView> message(QueueRef ref, long messageId) {
    return messages.get(ref, messageId);
  }

  @Override
  public CompletableFuture<Void> deleteMessage(
      QueueRef ref, long messageId, Optional<String> reservationId, ReservationCheck check) {
    return deleteMessages(ref, List.of(new DeleteTarget(messageId, reservationId)), check, false);
  }

  @Override
  public CompletableFuture<Void> deleteMessages(
      QueueRef ref, List<DeleteTarget> targets, ReservationCheck check) {
    return deleteMessages(ref, targets, check, true);
  }

  private CompletableFuture<Void> deleteMessages(
      QueueRef ref, List<DeleteTarget> targets, ReservationCheck check, boolean checkTargets) {
    return attempt(
        () -> {
          if (checkTargets) {
            MessageRules.checkDeleteTargets(targets);
          }
          return takes.deleted(ref, targets, check);
        });
  }

  @Override
  public CompletableFuture<Void> clearMessages(QueueRef ref) {
    return messages
        .clear(ref)
        .thenCompose(
            changed ->
                alerts.sizeChanged(ref, changed.queueId(), changed.config(), changed.sizes()));
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
          return messages.touch(ref, messageId, reservationId, timeoutSeconds, check);
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
          return messages
              .release(ref, messageId, reservationId, delaySeconds, check)
              .thenAccept(
                  queueId -> {
                    settings.events().happened(ref, MessageEvents.Kind.RELEASED, 1);
                    if (delaySeconds == 0) {
                      longPolls.wake(queueId);
                    }
                  });
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
    return push.acknowledge(ref, messageId, subscriberName, reservationId, check);
  }

  @Override
  public CompletableFuture<List<PushStatus>> pushStatuses(QueueRef ref, long messageId) {
    return messages.pushStatuses(ref, messageId);
  }

  // ---- the server ----

  // ---- history ----

  @Override
  public CompletableFuture<Void> recordStats(long minute, List<QueueStats> samples) {
    return history.record(minute, samples);
  }

  @Override
  public CompletableFuture<List<StatsPoint>> stats(
      QueueRef ref, long from, long to, StatsStep step) {
    return history.read(ref, from, to, step);
  }

  @Override
  public BackendHealth health() {
    String unreachable = database.unreachable();
    return unreachable == null
        ? BackendHealth.ok()
        : BackendHealth.unavailable("The database cannot be reached: " + unreachable);
  }

  @Override
  public long parkedReserves() {
    return longPolls.parked();
  }

  @Override
  public CompletableFuture<Void> checkAlerts(List<SubscriberRate> rates) {
    return alerts.check(rates);
  }

  @Override
  public CompletableFuture<List<QueueLoad>> queueLoads() {
    return new QueueLoads(database, clock).all();
  }

  @Override
  public CompletableFuture<Void> endWaits() {
    longPolls.endAll();
    return CompletableFuture.completedFuture(null);
  }

  /** Stops: ends parked reserves and gives up the leases of attempts in flight. */
  CompletableFuture<Void> stop() {
    longPolls.endAll();
    return push.close();
  }
}
