package dev.ironmq.backend;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Everything the HTTP layers ask of the server's state: queues, messages, reservations, push
 * deliveries and their acknowledgements, alerts, projects and tokens. The v3, v1 and admin
 * endpoints, the webhook endpoints and the acknowledgement URL talk to this interface only.
 *
 * <p>Two implementations: the embedded engine (every queue in the memory of one JVM, each change
 * written to a journal on RocksDB before it is answered) and PostgreSQL (any number of stateless
 * nodes on one database). Both pass the backend contract suite ({@code backend-tck}).
 *
 * <p>Contract for every method that returns a future: it may be called from any thread and does not
 * block; a refusal (bad input, a missing queue, a stale reservation...) fails the future with a
 * {@link dev.ironmq.backend.problem.ProblemException} instead of throwing; a future that completes
 * normally after a change means the change is durable. Section numbers refer to the API reference
 * ({@code docs/api-reference.md}, the project's restatement of IronMQ's).
 */
public interface QueueBackend {

  // ---- projects and tokens (§1.2, and the admin API) ----

  /**
   * Checks, at once, that the token opens the project; throws a problem when it does not. An
   * unknown token is not authenticated; a known one that does not open an existing project gets the
   * same answer as a missing project, so that it learns nothing of other projects.
   */
  void checkAccess(String token, String projectId);

  /** Checks, at once, that the token may use the admin API; throws a problem when it may not. */
  void checkAdmin(String token);

  /** The token's record when the token is known. */
  Optional<TokenRecord> authenticate(String token);

  /** Creates a project (with a new id unless one is given); an existing id is kept as it is. */
  CompletableFuture<ProjectRecord> createProject(Optional<String> projectId, String name);

  /** Every project, by id. */
  CompletableFuture<List<ProjectRecord>> listProjects();

  /**
   * Issues a token for the given projects: a new random one unless one is given; giving an existing
   * token again replaces what it opens.
   */
  CompletableFuture<IssuedToken> issueToken(
      Optional<String> token, Set<String> projectIds, boolean admin, String label);

  /** Every token's record (never the token itself), oldest first. */
  CompletableFuture<List<TokenRecord>> listTokens();

  /** Revokes the token with this id; false when there is none. */
  CompletableFuture<Boolean> revokeToken(String tokenId);

  // ---- queues (§2) ----

  /** Creates the queue, or updates it when it exists (§2.2; v1 POST queue). */
  CompletableFuture<QueueInfo> putQueue(QueueRef ref, QueueChange change);

  /** Updates an existing queue (§2.4). */
  CompletableFuture<QueueInfo> updateQueue(QueueRef ref, QueueChange change);

  /** The queue's settings and counters (§2.3). */
  CompletableFuture<QueueInfo> queueInfo(QueueRef ref);

  /** Deletes the queue and every message in it (§2.5). */
  CompletableFuture<Void> deleteQueue(QueueRef ref);

  /**
   * Names of a project's queues in byte order: up to {@code perPage} (0 for the default; clamped to
   * the maximum) that start with {@code prefix} and sort after {@code previous} (§2.6).
   */
  CompletableFuture<List<String>> listQueues(
      String projectId, Optional<String> previous, String prefix, int perPage);

  /** Adds, replaces or removes subscribers of a push queue (§2.7). */
  CompletableFuture<QueueInfo> changeSubscribers(QueueRef ref, SubscriberChange change);

  /**
   * Pauses or resumes reserving from the queue and its push deliveries (an extension:
   * docs/extensions.md, "Pausing a queue"). Resuming serves the reserves that waited.
   */
  CompletableFuture<QueueInfo> pause(QueueRef ref, PauseChange change);

  /** Adds, replaces or removes alerts of a pull queue (§6.3). */
  CompletableFuture<QueueInfo> changeAlerts(QueueRef ref, AlertChange change);

  // ---- messages (§3) ----

  /**
   * Posts messages (a webhook's body is one), creating the queue if needed; the ids come back in
   * the order of the messages (§3.2, §3.3).
   */
  CompletableFuture<List<Long>> post(QueueRef ref, List<NewMessage> messages);

  /**
   * Reserves messages (§3.4). With a wait and nothing available, the reserve parks, holding no
   * thread, until a message arrives or the wait ends, and then answers with what it got, maybe
   * nothing.
   */
  PendingReserve reserve(QueueRef ref, ReserveRequest request);

  /** Available messages, without reserving them (§3.6). */
  CompletableFuture<List<MessageView>> peek(QueueRef ref, int count);

  /**
   * A page of the queue's messages in every state, or the states asked for, in id order (an
   * extension: docs/extensions.md, "Browsing a queue"). Nothing about any message changes.
   */
  CompletableFuture<BrowsePage> browse(QueueRef ref, BrowseRequest request);

  /** One message, whatever its state (§3.5). */
  CompletableFuture<MessageView> message(QueueRef ref, long messageId);

  /** Deletes one message; a reserved one needs its current reservation (§3.7). */
  CompletableFuture<Void> deleteMessage(
      QueueRef ref, long messageId, Optional<String> reservationId, ReservationCheck check);

  /** Deletes all the given messages, or none when any of them cannot be deleted (§3.8). */
  CompletableFuture<Void> deleteMessages(
      QueueRef ref, List<DeleteTarget> targets, ReservationCheck check);

  /** Removes every message of the queue, reserved or not (§3.8). */
  CompletableFuture<Void> clearMessages(QueueRef ref);

  /** Renews a reservation; the answer carries the new reservation id (§3.9). */
  CompletableFuture<ReservedMessage> touch(
      QueueRef ref,
      long messageId,
      Optional<String> reservationId,
      int timeoutSeconds,
      ReservationCheck check);

  /** Ends a reservation early; the message returns to the front after the delay (§3.10). */
  CompletableFuture<Void> release(
      QueueRef ref,
      long messageId,
      Optional<String> reservationId,
      int delaySeconds,
      ReservationCheck check);

  // ---- push (§5) ----

  /**
   * Acknowledges a push delivery that got a 202 (§5.6). With {@link ReservationCheck#NONE} (API v1)
   * any awaited delivery to the subscriber is acknowledged.
   */
  CompletableFuture<Void> acknowledge(
      QueueRef ref,
      long messageId,
      String subscriberName,
      Optional<String> reservationId,
      ReservationCheck check);

  /**
   * The push statuses of a message: one per subscriber (multicast) or one (unicast) (§3.12, §5.8).
   */
  CompletableFuture<List<PushStatus>> pushStatuses(QueueRef ref, long messageId);

  // ---- history (an extension: docs/extensions.md, "A queue's history") ----

  /**
   * Adds a minute to the history of each queue named (queues that no longer exist are skipped): to
   * its minute, and to the hour holding it (counts summed, the latest size kept). Each node of a
   * backend shared by several records what it saw; their counts add up. Periods older than their
   * step's retention are forgotten.
   */
  CompletableFuture<Void> recordStats(long minute, List<QueueStats> samples);

  /**
   * The periods of the queue's history that start in {@code [from, to)} and hold something, in time
   * order; none older than the step's retention.
   */
  CompletableFuture<List<StatsPoint>> stats(QueueRef ref, long from, long to, StatsStep step);

  // ---- age and failure-rate alerts (an extension: docs/extensions.md, "Alerts beyond size") ----

  /**
   * Fires the age and failure-rate alerts whose reading went from below their trigger to at or
   * above it since the last check (snooze permitting): an age alert when its queue's oldest
   * available message has waited its trigger in seconds; a failure-rate alert when, of a
   * subscriber's attempts in {@code rates} (the last minute's, as the caller counted them), its
   * trigger in percent failed. A subscriber with fewer than {@link AlertRules#MIN_RATE_ATTEMPTS}
   * attempts, or none in {@code rates}, keeps its last reading. Called every few seconds.
   */
  CompletableFuture<Void> checkAlerts(List<SubscriberRate> rates);

  // ---- the server ----

  /** Whether the backend serves everything, reads only, or nothing (for {@code /health}). */
  BackendHealth health();

  /** How many reserves are parked, waiting for messages, right now. */
  long parkedReserves();

  /**
   * What every queue of every project holds now, for monitoring: one entry per queue, in no
   * particular order. Served while writes are refused.
   */
  CompletableFuture<List<QueueLoad>> queueLoads();

  /**
   * Ends every parked reserve with no messages, as a server does before it stops, so that no client
   * waits out its long poll on a server that is going away.
   */
  CompletableFuture<Void> endWaits();
}
