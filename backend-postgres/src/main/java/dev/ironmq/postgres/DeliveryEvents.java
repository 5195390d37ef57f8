package dev.ironmq.postgres;

import dev.ironmq.backend.DeliveryStatus;
import dev.ironmq.backend.InternalMessages;
import dev.ironmq.backend.MessageEvents;
import dev.ironmq.backend.PushAttempt;
import dev.ironmq.backend.PushPolicy;
import dev.ironmq.backend.QueueConfig;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.Subscriber;
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
import java.util.function.LongConsumer;

/**
 * What an event does to a push delivery's rows, inside the caller's transaction: it loads and locks
 * the delivery with its message and queue, runs the state machine ({@link DeliveryRules}), writes
 * the settled state and the lease of an attempt it starts, posts the error report of a delivery
 * given up on, and ends the message once all of its deliveries are done. The attempts it leased are
 * returned, to be started once the transaction commits.
 */
final class DeliveryEvents {
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

  /**
   * What the deliveries need of the backend's settings: the lease of an attempt, the settings of a
   * queue a copy or a report creates, and who hears of those posts.
   */
  record Settings(
      long leaseMillis,
      java.util.function.Function<QueueRef, String> defaultConfig,
      MessageEvents events) {}

  private final Clockwork clock;
  private final InternalMessages messages;
  private final Settings settings;
  private final LongConsumer scheduleAt;

  /** {@code scheduleAt} is told when a delivery written next falls due. */
  DeliveryEvents(
      Clockwork clock, InternalMessages messages, Settings settings, LongConsumer scheduleAt) {
    this.clock = clock;
    this.messages = messages;
    this.settings = settings;
    this.scheduleAt = scheduleAt;
  }

  /**
   * Applies an event to a delivery inside a transaction; returns the attempts to start after it
   * commits. With an attempt's reservation, an answer to an attempt that is no longer the
   * delivery's current one changes nothing.
   */
  Future<List<LeasedAttempt>> apply(
      SqlConnection connection,
      DeliveryKey key,
      String attemptReservation,
      DeliveryEvent event,
      DeliveryClaim claim) {
    long now = clock.now();
    Tuple where = Tuple.of(key.queueId(), key.messageId(), key.subscriber());
    if (claim != DeliveryClaim.NONE) {
      where.addLong(now);
    }
    return Database.run(connection, claim.load, where)
        .compose(
            rows -> {
              if (rows.size() == 0) {
                return Future.succeededFuture(List.<LeasedAttempt>of());
              }
              Row row = rows.iterator().next();
              Loaded loaded = Loaded.from(row, key, claim == DeliveryClaim.LAPSED);
              if (attemptReservation != null
                  && !(loaded.delivery().inFlight()
                      && loaded.delivery().reservationId().equals(attemptReservation))) {
                return Future.succeededFuture(List.<LeasedAttempt>of());
              }
              return write(connection, key, loaded, event, now);
            });
  }

  /** A delivery as loaded with its message and queue. */
  private record Loaded(
      Delivery delivery,
      PushPolicy policy,
      boolean paused,
      QueueRef ref,
      String body,
      Map<String, String> pushHeaders) {
    static Loaded from(Row row, DeliveryKey key, boolean lapsed) {
      QueueConfig config = ConfigJson.decode(row.getString(14));
      PushPolicy policy = config.push().orElseThrow();
      // A lease that ran out: the node that made the attempt stopped answering, so the attempt is
      // made again, as after a restart.
      Delivery delivery = DeliveryRows.from(row, 0, policy, key.messageId(), !lapsed);
      return new Loaded(
          delivery,
          policy,
          config.pause().push(),
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
  private Future<List<LeasedAttempt>> write(
      SqlConnection connection, DeliveryKey key, Loaded loaded, DeliveryEvent event, long now) {
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
      if (!loaded.paused()
          && after.waits()
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
    List<LeasedAttempt> starts = new ArrayList<>();
    if (attempt.isPresent()) {
      starts.add(
          new LeasedAttempt(
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
    scheduleAt.accept(written.isFinal() ? Long.MAX_VALUE : written.nextAttemptAt());
    return Database.run(connection, WRITE, columns)
        .compose(
            done ->
                reported
                    ? report(connection, key, loaded, written)
                    : Future.succeededFuture(List.<LeasedAttempt>of()))
        .compose(
            reportStarts -> {
              starts.addAll(reportStarts);
              return Database.run(connection, FINISH, Tuple.of(key.queueId(), key.messageId(), now))
                  .map(finished -> starts);
            });
  }

  /** Posts the error report of a delivery given up on to the queue's error queue, if it has one. */
  private Future<List<LeasedAttempt>> report(
      SqlConnection connection, DeliveryKey key, Loaded loaded, Delivery delivery) {
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
        .map(
            posted -> {
              settings.events().happened(errors, MessageEvents.Kind.POSTED, 1);
              return posted.starts();
            });
  }
}
