package dev.ironmq.postgres;

import dev.ironmq.backend.InternalMessages;
import dev.ironmq.backend.IronMqUrl;
import dev.ironmq.backend.MessageEvents;
import dev.ironmq.backend.PushAttempt;
import dev.ironmq.backend.PushOutcome;
import dev.ironmq.backend.PushTransport;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.ReservationCheck;
import dev.ironmq.backend.problem.ProblemException;
import dev.ironmq.backend.push.DeliveryEvent;
import dev.ironmq.backend.push.DeliveryRules;
import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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

  private final Database database;
  private final Clockwork clock;
  private final PushTransport transport;
  private final InternalMessages messages;
  private final Projects projects;
  private final Work work;
  private final DeliveryEvents.Settings settings;
  private final DeliveryLeases leases;
  private final DueDeliveries due;
  private final DeliveryEvents events;
  private volatile boolean closed;

  PushDeliveries(
      Database database,
      Clockwork clock,
      PushTransport transport,
      InternalMessages messages,
      Projects projects,
      Work work,
      DeliveryEvents.Settings settings) {
    this.database = database;
    this.clock = clock;
    this.transport = transport;
    this.messages = messages;
    this.projects = projects;
    this.work = work;
    this.settings = settings;
    this.leases = new DeliveryLeases(database, clock, work, settings.leaseMillis());
    this.due =
        new DueDeliveries(
            database,
            clock,
            work,
            (key, claim) -> apply(key, null, new DeliveryEvent.Due(Ids.reservation()), claim));
    this.events = new DeliveryEvents(clock, messages, settings, due::scheduleAt);
  }

  // ---- attempts ----

  /**
   * Starts the attempts a committed transaction leased: requests through the transport, and copies
   * into queues of this server, which the returned future waits for.
   */
  CompletableFuture<Void> start(List<LeasedAttempt> starts) {
    List<CompletableFuture<Void>> copies = new ArrayList<>();
    for (LeasedAttempt start : starts) {
      leases.hold(start.key(), start.attempt().reservationId());
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

  private CompletableFuture<Void> answered(
      DeliveryKey key, PushAttempt attempt, PushOutcome outcome) {
    DeliveryEvent event;
    if (outcome instanceof PushOutcome.Delivered ok) {
      event = new DeliveryEvent.Delivered(ok.statusCode(), false);
    } else if (outcome instanceof PushOutcome.Accepted) {
      event = new DeliveryEvent.Accepted();
    } else {
      PushOutcome.Failed failed = (PushOutcome.Failed) outcome;
      event = new DeliveryEvent.Failed(failed.statusCode(), failed.message());
    }
    return apply(key, attempt.reservationId(), event, DeliveryClaim.NONE);
  }

  /**
   * Copies a push message into a queue of this server, and marks its delivery done, in one
   * transaction: a crash cannot deliver it twice.
   */
  private CompletableFuture<Void> copyIntoQueue(
      DeliveryKey key, PushAttempt attempt, IronMqUrl url) {
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
          DeliveryClaim.NONE);
    }
    return runEvent(
        key,
        attempt.reservationId(),
        new DeliveryEvent.Delivered(201, false),
        DeliveryClaim.NONE,
        connection ->
            Posts.postOne(
                    connection,
                    target,
                    settings.defaultConfig().apply(target),
                    clock.now(),
                    attempt.body(),
                    attempt.pushHeaders(),
                    settings.leaseMillis())
                .map(
                    posted -> {
                      settings.events().happened(target, MessageEvents.Kind.POSTED, 1);
                      return posted.starts();
                    }));
  }

  // ---- events ----

  /**
   * Applies an event to a delivery in one transaction, then starts what it leased. With an
   * attempt's reservation, an answer to an attempt that is no longer the delivery's current one
   * changes nothing.
   */
  CompletableFuture<Void> apply(
      DeliveryKey key, String attemptReservation, DeliveryEvent event, DeliveryClaim claim) {
    return runEvent(
        key, attemptReservation, event, claim, connection -> Future.succeededFuture(List.of()));
  }

  private CompletableFuture<Void> runEvent(
      DeliveryKey key,
      String attemptReservation,
      DeliveryEvent event,
      DeliveryClaim claim,
      java.util.function.Function<SqlConnection, Future<List<LeasedAttempt>>> alongside) {
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
                            events
                                .apply(connection, key, attemptReservation, event, claim)
                                .map(
                                    starts -> {
                                      List<LeasedAttempt> all = new ArrayList<>(more);
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
                leases.letGo(key, attemptReservation);
              }
            });
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
                PushAcknowledgements.find(
                        connection,
                        ref,
                        messageId,
                        subscriberName,
                        reservationId,
                        check,
                        clock.now())
                    .compose(
                        key ->
                            events.apply(
                                connection,
                                key,
                                null,
                                new DeliveryEvent.Acknowledged(),
                                DeliveryClaim.NONE)))
        .thenCompose(this::start);
  }

  // ---- time ----

  /** Runs the deliveries that fall due at {@code at}, unless a run is due sooner. */
  void scheduleAt(long at) {
    due.scheduleAt(at);
  }

  /** Claims and applies what fell due, then schedules the next run. */
  CompletableFuture<Void> runDue() {
    return due.runDue();
  }

  /** Keeps the leases of this node's attempts in flight from running out while they run. */
  void renewLeases() {
    leases.renewEveryThirdOfALease();
  }

  /**
   * Stops, giving up the leases of attempts in flight at once, so that another node (or this one,
   * started again) makes them without waiting for the leases to run out.
   */
  CompletableFuture<Void> close() {
    closed = true;
    due.stop();
    return leases.giveUp();
  }
}
