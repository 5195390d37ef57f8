package dev.ironmq.postgres;

import dev.ironmq.backend.DeliveryStatus;
import dev.ironmq.backend.InternalMessages;
import dev.ironmq.backend.IronMqUrl;
import dev.ironmq.backend.PushAttempt;
import dev.ironmq.backend.PushOutcome;
import dev.ironmq.backend.PushPolicy;
import dev.ironmq.backend.PushTransport;
import dev.ironmq.backend.QueueConfig;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.ReservationCheck;
import dev.ironmq.backend.Subscriber;
import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import dev.ironmq.backend.push.Delivery;
import dev.ironmq.backend.push.DeliveryEvent;
import dev.ironmq.backend.push.DeliveryRules;
import dev.ironmq.backend.push.DeliveryRules.Transition;
import dev.ironmq.backend.push.ErrorReports;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Push deliveries on PostgreSQL. A delivery's settled state is a row; an attempt in flight is a
 * lease on it, held by the node that made the attempt until its answer is written or the lease runs
 * out, after which any node makes it again. Every event (an answer, an acknowledgement, a delivery
 * falling due) is applied in one transaction that locks the delivery and its message, through the
 * same state machine as the embedded engine's ({@link DeliveryRules}); attempts start once that
 * transaction has committed.
 */
final class PushDeliveries {
  private static final Logger log = LoggerFactory.getLogger(PushDeliveries.class);

  /** What an event is applied to: a delivery, its message and its queue, locked. */
  private static final String LOAD =
      "SELECT "
          + DeliveryRows.COLUMNS
          + ", m.body, m.push_headers::text, m.state, q.config::text, q.project_id, q.name"
          + " FROM deliveries d JOIN messages m ON m.queue_id = d.queue_id AND m.id = d.message_id"
          + " JOIN queues q ON q.id = d.queue_id"
          + " WHERE d.queue_id = $1 AND d.message_id = $2 AND d.subscriber = $3";

  private static final String LOCK = " FOR UPDATE OF d, m";

  /**
   * How an event was come by: from outside (an answer, an acknowledgement), or claimed as due or as
   * a lease that ran out, which must still be so once the delivery is locked: another node may have
   * claimed it between the claim and the lock.
   */
  enum Claim {
    NONE(LOAD + LOCK),
    DUE(LOAD + " AND d.lease_until IS NULL AND d.next_attempt_at <= $4" + LOCK),
    LAPSED(LOAD + " AND d.lease_until IS NOT NULL AND d.lease_until <= $4" + LOCK);

    final String load;

    Claim(String load) {
      this.load = load;
    }
  }

  private static final String WRITE =
      "UPDATE deliveries SET status = $1, tries = $2, round = $3, cursor = $4, last_try_at = $5,"
          + " next_attempt_at = $6, reservation_id = $7, results = $8::text::jsonb, lease_until = $9,"
          + " attempt_reservation = $10, attempt_started_at = $11"
          + " WHERE queue_id = $12 AND message_id = $13 AND subscriber = $14";

  /** Ends a message whose deliveries are all done: a receipt, or kept until it expires. */
  private static final String FINISH =
      "WITH done AS (SELECT bool_and(status IN (3, 4)) AS all_done, bool_or(status = 4) AS failed"
          + " FROM deliveries WHERE queue_id = $1 AND message_id = $2),"
          + " finished AS (UPDATE messages m SET state = CASE WHEN done.failed THEN 3 ELSE 2 END,"
          + " finished_at = $3 FROM done"
          + " WHERE m.queue_id = $1 AND m.id = $2 AND m.state = 1 AND done.all_done"
          + " RETURNING m.id)"
          + " SELECT count_change($1, 0, count(*)) FROM finished HAVING count(*) > 0";

  private static final String DUE =
      "SELECT d.queue_id, d.message_id, d.subscriber FROM deliveries d"
          + " WHERE d.lease_until IS NULL AND d.status IN (0, 1, 2) AND d.next_attempt_at <= $1"
          + " ORDER BY d.next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED";

  private static final String LAPSED =
      "SELECT d.queue_id, d.message_id, d.subscriber FROM deliveries d"
          + " WHERE d.lease_until IS NOT NULL AND d.lease_until <= $1"
          + " ORDER BY d.lease_until LIMIT $2 FOR UPDATE SKIP LOCKED";

  private static final String NEXT_DUE =
      "SELECT least((SELECT min(next_attempt_at) FROM deliveries"
          + " WHERE lease_until IS NULL AND status IN (0, 1, 2)),"
          + " (SELECT min(lease_until) FROM deliveries WHERE lease_until IS NOT NULL))";

  private static final int BATCH = 100;

  /** One delivery of one message of one queue. */
  record Key(long queueId, long messageId, String subscriber) {}

  /** An attempt to start once its transaction commits. */
  record Start(Key key, PushAttempt attempt) {}

  private final Database database;
  private final Clockwork clock;
  private final PushTransport transport;
  private final InternalMessages messages;
  private final Projects projects;
  private final Work work;
  private final Settings settings;
  private final Map<Key, String> inFlight = new ConcurrentHashMap<>();
  private Clockwork.Cancellable nextRun;
  private long nextRunAt = Long.MAX_VALUE;
  private volatile boolean closed;

  /** What the deliveries need of the backend's settings. */
  record Settings(long leaseMillis, java.util.function.Function<QueueRef, String> defaultConfig) {}

  PushDeliveries(
      Database database,
      Clockwork clock,
      PushTransport transport,
      InternalMessages messages,
      Projects projects,
      Work work,
      Settings settings) {
    this.database = database;
    this.clock = clock;
    this.transport = transport;
    this.messages = messages;
    this.projects = projects;
    this.work = work;
    this.settings = settings;
  }

  // ---- attempts ----

  /**
   * Starts the attempts a committed transaction leased: requests through the transport, and copies
   * into queues of this server, which the returned future waits for.
   */
  CompletableFuture<Void> start(List<Start> starts) {
    List<CompletableFuture<Void>> copies = new ArrayList<>();
    for (Start start : starts) {
      inFlight.put(start.key(), start.attempt().reservationId());
      PushAttempt attempt = start.attempt();
      String url = attempt.subscriber().url();
      if (IronMqUrl.isIronMq(url) && IronMqUrl.parse(url).isLocal()) {
        copies.add(work.track(copyIntoQueue(start.key(), attempt, IronMqUrl.parse(url))));
        continue;
      }
      try {
        transport.deliver(attempt, outcome -> work.track(answered(start.key(), attempt, outcome)));
      } catch (RuntimeException e) {
        work.track(
            answered(
                start.key(), attempt, new PushOutcome.Failed(0, String.valueOf(e.getMessage()))));
      }
    }
    return CompletableFuture.allOf(copies.toArray(CompletableFuture[]::new));
  }

  /** The attempts leased by a post of these messages to a push queue. */
  static List<Start> claimedByPost(
      QueueRef ref,
      long queueId,
      QueueConfig config,
      Map<Long, PostedMessage> posted,
      Long[] ids,
      String[] keys,
      String[] reservations) {
    List<Start> starts = new ArrayList<>();
    PushPolicy policy = config.push().orElseThrow();
    for (int i = 0; i < ids.length; i++) {
      long id = ids[i];
      PostedMessage message = posted.get(id);
      Delivery fresh =
          keys[i].isEmpty()
              ? Delivery.Unicast.queued(message.availableAt())
              : Delivery.Multicast.queued(keys[i], message.availableAt());
      Optional<Subscriber> subscriber = DeliveryRules.subscriberFor(fresh, policy, id);
      if (subscriber.isPresent()) {
        starts.add(
            new Start(
                new Key(queueId, id, keys[i]),
                new PushAttempt(
                    ref,
                    id,
                    message.body(),
                    subscriber.get(),
                    message.pushHeaders(),
                    reservations[i])));
      }
    }
    return starts;
  }

  /** What a post wrote of a message, which its first attempts carry. */
  record PostedMessage(String body, Map<String, String> pushHeaders, long availableAt) {}

  private CompletableFuture<Void> answered(Key key, PushAttempt attempt, PushOutcome outcome) {
    DeliveryEvent event;
    if (outcome instanceof PushOutcome.Delivered ok) {
      event = new DeliveryEvent.Delivered(ok.statusCode(), false);
    } else if (outcome instanceof PushOutcome.Accepted) {
      event = new DeliveryEvent.Accepted();
    } else {
      PushOutcome.Failed failed = (PushOutcome.Failed) outcome;
      event = new DeliveryEvent.Failed(failed.statusCode(), failed.message());
    }
    return apply(key, attempt.reservationId(), event, Claim.NONE);
  }

  /**
   * Copies a push message into a queue of this server, and marks its delivery done, in one
   * transaction: a crash cannot deliver it twice.
   */
  private CompletableFuture<Void> copyIntoQueue(Key key, PushAttempt attempt, IronMqUrl url) {
    QueueRef target = url.target(attempt.queue().projectId());
    try {
      if (url.token().isPresent()) {
        projects.directory().checkAccess(url.token().get(), target.projectId());
      }
    } catch (ProblemException refused) {
      return apply(
          key,
          attempt.reservationId(),
          new DeliveryEvent.Failed(0, refused.getMessage()),
          Claim.NONE);
    }
    return runEvent(
        key,
        attempt.reservationId(),
        new DeliveryEvent.Delivered(201, false),
        Claim.NONE,
        connection ->
            Posts.postOne(
                    connection,
                    target,
                    settings.defaultConfig().apply(target),
                    clock.now(),
                    attempt.body(),
                    attempt.pushHeaders(),
                    settings.leaseMillis())
                .map(posted -> posted.starts()));
  }

  // ---- events ----

  /**
   * Applies an event to a delivery in one transaction, then starts what it leased. With an
   * attempt's reservation, an answer to an attempt that is no longer the delivery's current one
   * changes nothing.
   */
  CompletableFuture<Void> apply(
      Key key, String attemptReservation, DeliveryEvent event, Claim claim) {
    return runEvent(
        key, attemptReservation, event, claim, connection -> Future.succeededFuture(List.of()));
  }

  private CompletableFuture<Void> runEvent(
      Key key,
      String attemptReservation,
      DeliveryEvent event,
      Claim claim,
      java.util.function.Function<SqlConnection, Future<List<Start>>> alongside) {
    if (closed) {
      return CompletableFuture.completedFuture(null);
    }
    return database
        .inTransaction(
            connection ->
                alongside
                    .apply(connection)
                    .compose(
                        more ->
                            applyIn(connection, key, attemptReservation, event, claim)
                                .map(
                                    starts -> {
                                      List<Start> all = new ArrayList<>(more);
                                      all.addAll(starts);
                                      return all;
                                    })))
        .thenCompose(this::start)
        .exceptionally(
            error -> {
              log.warn("A push delivery could not be updated: {}", error.getMessage());
              return null;
            })
        .whenComplete(
            (done, error) -> {
              if (attemptReservation != null) {
                inFlight.remove(key, attemptReservation);
              }
            });
  }

  /** Applies the event inside a transaction; returns the attempts to start after it commits. */
  private Future<List<Start>> applyIn(
      SqlConnection connection,
      Key key,
      String attemptReservation,
      DeliveryEvent event,
      Claim claim) {
    long now = clock.now();
    Tuple where = Tuple.of(key.queueId(), key.messageId(), key.subscriber());
    if (claim != Claim.NONE) {
      where.addLong(now);
    }
    return Database.run(connection, claim.load, where)
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture(List.<Start>of());
              }
              Row row = rows.iterator().next();
              Loaded loaded = Loaded.from(row, key, claim == Claim.LAPSED);
              if (attemptReservation != null
                  && !(loaded.delivery().inFlight()
                      && loaded.delivery().reservationId().equals(attemptReservation))) {
                return Future.succeededFuture(List.<Start>of());
              }
              return write(connection, key, loaded, event, now);
            });
  }

  /** A delivery as loaded with its message and queue. */
  private record Loaded(
      Delivery delivery,
      PushPolicy policy,
      QueueRef ref,
      String body,
      Map<String, String> pushHeaders) {
    static Loaded from(Row row, Key key, boolean lapsed) {
      QueueConfig config = ConfigJson.decode(row.getString(14));
      PushPolicy policy = config.push().orElseThrow();
      // A lease that ran out: the node that made the attempt stopped answering, so the attempt is
      // made again, as after a restart.
      Delivery delivery = DeliveryRows.from(row, 0, policy, key.messageId(), !lapsed);
      return new Loaded(
          delivery,
          policy,
          QueueRef.of(row.getString(15), row.getString(16)),
          Bodies.text(row.getBuffer(11)),
          ConfigJson.headers(row.getString(12)));
    }
  }

  /**
   * Runs the state machine from the loaded delivery, writes the settled result and the lease of any
   * attempt it starts, reports a delivery given up on, and ends the message when all of its
   * deliveries are done.
   */
  private Future<List<Start>> write(
      SqlConnection connection, Key key, Loaded loaded, DeliveryEvent event, long now) {
    Delivery before = loaded.delivery();
    Transition transition =
        DeliveryRules.next(before, event, loaded.policy(), key.messageId(), now);
    if (transition.next() == before) {
      return Future.succeededFuture(List.of());
    }
    Delivery settled = before.inFlight() ? null : before;
    Delivery after = transition.next();
    Optional<Subscriber> attempt = transition.attempt();
    boolean givenUp = transition.givenUp();
    if (!after.inFlight()) {
      settled = after;
      if (after.waits()
          && after.nextAttemptAt() <= now
          && after.status() != DeliveryStatus.RESERVED) {
        Transition due =
            DeliveryRules.next(
                after,
                new DeliveryEvent.Due(Ids.reservation()),
                loaded.policy(),
                key.messageId(),
                now);
        after = due.next();
        attempt = due.attempt();
        givenUp |= due.givenUp();
        if (!after.inFlight()) {
          settled = after;
        }
      }
    }
    if (settled == null) {
      // An attempt in flight took an event that keeps it in flight: nothing to write.
      return Future.succeededFuture(List.of());
    }
    Tuple columns = DeliveryRows.columns(settled);
    if (after.inFlight()) {
      columns.addLong(now + settings.leaseMillis()).addString(after.reservationId()).addLong(now);
    } else {
      columns.addLong(null).addString(null).addLong(null);
    }
    columns.addLong(key.queueId()).addLong(key.messageId()).addString(key.subscriber());
    List<Start> starts = new ArrayList<>();
    if (attempt.isPresent()) {
      starts.add(
          new Start(
              key,
              new PushAttempt(
                  loaded.ref(),
                  key.messageId(),
                  loaded.body(),
                  attempt.get(),
                  loaded.pushHeaders(),
                  after.reservationId())));
    }
    Delivery written = settled;
    boolean reported = givenUp;
    scheduleAt(written.isFinal() ? Long.MAX_VALUE : written.nextAttemptAt());
    return Database.run(connection, WRITE, columns)
        .compose(
            done ->
                reported
                    ? report(connection, key, loaded, written)
                    : Future.succeededFuture(List.<Start>of()))
        .compose(
            reportStarts -> {
              starts.addAll(reportStarts);
              return Database.run(connection, FINISH, Tuple.of(key.queueId(), key.messageId(), now))
                  .map(finished -> starts);
            });
  }

  /** Posts the error report of a delivery given up on to the queue's error queue, if it has one. */
  private Future<List<Start>> report(
      SqlConnection connection, Key key, Loaded loaded, Delivery delivery) {
    PushPolicy policy = loaded.policy();
    if (policy.errorQueue().isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    String body =
        messages.render(
            ErrorReports.of(
                key.messageId(), loaded.body(), loaded.pushHeaders(), delivery, policy));
    QueueRef errors = loaded.ref().sibling(policy.errorQueue());
    return Posts.postOne(
            connection,
            errors,
            settings.defaultConfig().apply(errors),
            clock.now(),
            body,
            Map.of(),
            settings.leaseMillis())
        .map(Posts.Posted::starts);
  }

  // ---- acknowledgements ----

  /** Acknowledges a delivery that got a 202 (or, API v1, any awaited delivery). */
  CompletableFuture<Void> acknowledge(
      QueueRef ref,
      long messageId,
      String subscriberName,
      Optional<String> reservationId,
      ReservationCheck check) {
    return database
        .inTransaction(
            connection ->
                Database.run(
                        connection,
                        "SELECT "
                            + DeliveryRows.COLUMNS
                            + ", m.state, q.config::text, q.id FROM queues q"
                            + " LEFT JOIN messages m ON m.queue_id = q.id AND m.id = $3"
                            + " AND (m.expires_at > $4 OR m.state = 2)"
                            + " LEFT JOIN deliveries d ON d.queue_id = m.queue_id"
                            + " AND d.message_id = m.id"
                            + " WHERE q.project_id = $1 AND q.name = $2",
                        Tuple.of(ref.projectId(), ref.name(), messageId, clock.now()))
                    .compose(
                        rows -> {
                          Key key =
                              acknowledged(rows, messageId, subscriberName, reservationId, check);
                          return applyIn(
                              connection, key, null, new DeliveryEvent.Acknowledged(), Claim.NONE);
                        }))
        .thenCompose(this::start);
  }

  /** Which delivery an acknowledgement is for, once the rules say it may be acknowledged. */
  private static Key acknowledged(
      Iterable<Row> rows,
      long messageId,
      String subscriberName,
      Optional<String> reservationId,
      ReservationCheck check) {
    Delivery match = null;
    long queueId = -1;
    boolean any = false;
    for (Row row : rows) {
      queueId = row.getLong(13);
      if (row.getValue(11) == null) {
        break;
      }
      any = true;
      int state = row.getInteger(11);
      if (state == 2) {
        throw ProblemException.of(
            new Problem.ReservationMismatch("The message was delivered; nothing is awaited"));
      }
      if (state == 0 || row.getString(0) == null) {
        throw ProblemException.invalid("The message has no push deliveries to acknowledge");
      }
      PushPolicy policy = ConfigJson.decode(row.getString(12)).push().orElseThrow();
      Delivery d = DeliveryRows.from(row, 0, policy, messageId);
      if (d.key().equals(subscriberName)
          || (d.key().isEmpty() && d.attemptSubscriber().equals(subscriberName))) {
        match = d;
      }
    }
    if (queueId < 0) {
      throw ProblemException.of(Problem.queueNotFound());
    }
    if (!any) {
      throw ProblemException.of(Problem.messageNotFound());
    }
    if (match == null) {
      throw ProblemException.of(
          new Problem.MessageNotFound(
              "The message has no delivery to subscriber " + subscriberName));
    }
    if (!match.awaitsAcknowledgement()) {
      throw ProblemException.of(
          new Problem.ReservationMismatch(
              "No acknowledgement is awaited from " + subscriberName + " for this message"));
    }
    if (check == ReservationCheck.CURRENT_RESERVATION
        && !reservationId.map(match.reservationId()::equals).orElse(false)) {
      throw ProblemException.of(
          new Problem.ReservationMismatch("Reservation timed out or was replaced"));
    }
    return new Key(queueId, messageId, match.key());
  }

  // ---- time ----

  /** Runs the deliveries that fall due at {@code at}, unless a run is due sooner. */
  synchronized void scheduleAt(long at) {
    if (closed || at >= nextRunAt) {
      return;
    }
    if (nextRun != null) {
      nextRun.cancel();
    }
    nextRunAt = at;
    nextRun = clock.at(at, () -> work.track(runDue()));
  }

  /**
   * Claims what fell due (deliveries waiting for an attempt or a 202's end, and attempts whose
   * lease ran out) a batch at a time, applies each, and schedules the next run.
   */
  CompletableFuture<Void> runDue() {
    synchronized (this) {
      nextRun = null;
      nextRunAt = Long.MAX_VALUE;
    }
    if (closed) {
      return CompletableFuture.completedFuture(null);
    }
    long now = clock.now();
    return claim(DUE, now, Claim.DUE)
        .thenCompose(count -> claim(LAPSED, now, Claim.LAPSED))
        .thenCompose(count -> database.one(NEXT_DUE, Tuple.tuple()))
        .thenAccept(
            row -> {
              Long next = row.getLong(0);
              if (next != null) {
                scheduleAt(Math.max(next, now + 1));
              }
            })
        .exceptionally(
            error -> {
              log.warn("Push deliveries could not be claimed: {}", error.getMessage());
              scheduleAt(clock.now() + 1_000);
              return null;
            });
  }

  private CompletableFuture<Integer> claim(String sql, long now, Claim claim) {
    return database
        .run(sql, Tuple.of(now, BATCH))
        .thenCompose(
            rows -> {
              List<CompletableFuture<Void>> applied = new ArrayList<>();
              for (Row row : rows) {
                Key key = new Key(row.getLong(0), row.getLong(1), row.getString(2));
                applied.add(apply(key, null, new DeliveryEvent.Due(Ids.reservation()), claim));
              }
              return CompletableFuture.allOf(applied.toArray(CompletableFuture[]::new))
                  .thenCompose(
                      done ->
                          rows.size() == BATCH
                              ? claim(sql, now, claim)
                              : CompletableFuture.completedFuture(rows.size()));
            });
  }

  /**
   * Keeps the leases of this node's attempts in flight: renewed every third of a lease, so that
   * only a node that stopped loses its attempts to another, however long an attempt takes.
   */
  synchronized void renewLeases() {
    if (closed) {
      return;
    }
    clock.at(
        clock.now() + settings.leaseMillis() / 3,
        () -> {
          work.track(renewNow());
          renewLeases();
        });
  }

  private CompletableFuture<Void> renewNow() {
    List<Map.Entry<Key, String>> held = List.copyOf(inFlight.entrySet());
    if (held.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    Long[] queues = new Long[held.size()];
    Long[] ids = new Long[held.size()];
    String[] subscribers = new String[held.size()];
    String[] reservations = new String[held.size()];
    for (int i = 0; i < held.size(); i++) {
      Key key = held.get(i).getKey();
      queues[i] = key.queueId();
      ids[i] = key.messageId();
      subscribers[i] = key.subscriber();
      reservations[i] = held.get(i).getValue();
    }
    return database
        .run(
            "UPDATE deliveries d SET lease_until = $1"
                + " FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[])"
                + " AS h(queue_id, message_id, subscriber, reservation)"
                + " WHERE d.queue_id = h.queue_id AND d.message_id = h.message_id"
                + " AND d.subscriber = h.subscriber AND d.attempt_reservation = h.reservation",
            Tuple.of(clock.now() + settings.leaseMillis())
                .addArrayOfLong(queues)
                .addArrayOfLong(ids)
                .addArrayOfString(subscribers)
                .addArrayOfString(reservations))
        .<Void>thenApply(done -> null)
        .exceptionally(
            error -> {
              log.warn("Push leases could not be renewed: {}", error.getMessage());
              return null;
            });
  }

  /**
   * Stops, giving up the leases of attempts in flight at once, so that another node (or this one,
   * started again) makes them without waiting for the leases to run out.
   */
  CompletableFuture<Void> close() {
    synchronized (this) {
      closed = true;
      if (nextRun != null) {
        nextRun.cancel();
      }
    }
    List<CompletableFuture<?>> released = new ArrayList<>();
    for (Map.Entry<Key, String> held : Set.copyOf(inFlight.entrySet())) {
      Key key = held.getKey();
      released.add(
          database.run(
              "UPDATE deliveries SET lease_until = NULL, attempt_reservation = NULL,"
                  + " attempt_started_at = NULL WHERE queue_id = $1 AND message_id = $2"
                  + " AND subscriber = $3 AND attempt_reservation = $4",
              Tuple.of(key.queueId(), key.messageId(), key.subscriber(), held.getValue())));
    }
    return CompletableFuture.allOf(released.toArray(CompletableFuture[]::new))
        .exceptionally(error -> null);
  }
}
