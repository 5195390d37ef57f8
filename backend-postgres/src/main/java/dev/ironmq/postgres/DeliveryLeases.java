package dev.ironmq.postgres;

import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leases of this node's push attempts in flight. A lease is written with the attempt; this
 * keeps it alive while the attempt runs, so that only a node that stopped loses its attempts to
 * another, however long an attempt takes, and gives all of them up when the node stops.
 */
final class DeliveryLeases {
  private static final Logger log = LoggerFactory.getLogger(DeliveryLeases.class);

  private final Database database;
  private final Clockwork clock;
  private final Work work;
  private final long leaseMillis;
  private final Map<DeliveryKey, String> held = new ConcurrentHashMap<>();
  private volatile boolean closed;

  DeliveryLeases(Database database, Clockwork clock, Work work, long leaseMillis) {
    this.database = database;
    this.clock = clock;
    this.work = work;
    this.leaseMillis = leaseMillis;
  }

  /** When a lease written now runs out. */
  long until(long now) {
    return now + leaseMillis;
  }

  /** Notes an attempt this node started, identified by its reservation. */
  void hold(DeliveryKey key, String attemptReservation) {
    held.put(key, attemptReservation);
  }

  /** Forgets an attempt whose answer was written (or is no longer the delivery's current one). */
  void letGo(DeliveryKey key, String attemptReservation) {
    held.remove(key, attemptReservation);
  }

  /** Renews the leases held every third of a lease, until {@link #giveUp()}. */
  void renewEveryThirdOfALease() {
    if (closed) {
      return;
    }
    clock.at(
        clock.now() + leaseMillis / 3,
        () -> {
          work.track(renewNow());
          renewEveryThirdOfALease();
        });
  }

  private CompletableFuture<Void> renewNow() {
    List<Map.Entry<DeliveryKey, String>> leases = List.copyOf(held.entrySet());
    if (leases.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    Long[] queues = new Long[leases.size()];
    Long[] ids = new Long[leases.size()];
    String[] subscribers = new String[leases.size()];
    String[] reservations = new String[leases.size()];
    for (int i = 0; i < leases.size(); i++) {
      DeliveryKey key = leases.get(i).getKey();
      queues[i] = key.queueId();
      ids[i] = key.messageId();
      subscribers[i] = key.subscriber();
      reservations[i] = leases.get(i).getValue();
    }
    return database
        .run(
            "UPDATE deliveries d SET lease_until = $1"
                + " FROM unnest($2::bigint[], $3::bigint[], $4::text[], $5::text[])"
                + " AS h(queue_id, message_id, subscriber, reservation)"
                + " WHERE d.queue_id = h.queue_id AND d.message_id = h.message_id"
                + " AND d.subscriber = h.subscriber AND d.attempt_reservation = h.reservation",
            Tuple.of(until(clock.now()))
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
   * Stops renewing and gives up the leases held at once, so that another node (or this one, started
   * again) makes their attempts without waiting for the leases to run out.
   */
  CompletableFuture<Void> giveUp() {
    closed = true;
    List<CompletableFuture<?>> released = new ArrayList<>();
    for (Map.Entry<DeliveryKey, String> lease : Set.copyOf(held.entrySet())) {
      DeliveryKey key = lease.getKey();
      released.add(
          database.run(
              "UPDATE deliveries SET lease_until = NULL, attempt_reservation = NULL,"
                  + " attempt_started_at = NULL WHERE queue_id = $1 AND message_id = $2"
                  + " AND subscriber = $3 AND attempt_reservation = $4",
              Tuple.of(key.queueId(), key.messageId(), key.subscriber(), lease.getValue())));
    }
    return CompletableFuture.allOf(released.toArray(CompletableFuture[]::new))
        .exceptionally(error -> null);
  }
}
