package dev.ironmq.postgres;

import dev.ironmq.backend.PendingReserve;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.ReserveRequest;
import dev.ironmq.backend.ReservedMessage;
import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reserves that may wait (a {@code wait} above zero), on this node, per queue, served in the order
 * they arrived: a new one is tried at once unless others wait ahead of it here, and one that gets
 * nothing waits until its wait ends. A queue with reserves waiting here is listed in {@code
 * listeners}, so that a post through any node notifies this one ({@code NOTIFY ironmq_messages},
 * delivered at the post's commit); a post or release through this node serves them at once. A
 * reservation or delay that ends is not announced: the node looks again when the queue's next
 * hidden message would become visible.
 *
 * <p>Thread-safe: every change of the waiting lists is under this object's lock; reserves run on
 * the pool.
 */
final class LongPolls {
  private static final String LISTEN =
      "INSERT INTO listeners (queue_id, node, until) VALUES ($1, $2, $3)"
          + " ON CONFLICT (queue_id, node) DO UPDATE SET until = greatest(listeners.until, $3)";
  private static final String UNLISTEN = "DELETE FROM listeners WHERE queue_id = $1 AND node = $2";
  private static final String NEXT_VISIBLE =
      "SELECT min(visible_at) FROM messages WHERE queue_id = $1 AND state = 0 AND visible_at > $2";

  /** A reserve that waits. */
  private static final class Waiter {
    final ReserveRequest request;
    final CompletableFuture<List<ReservedMessage>> result;
    final long deadline;
    Clockwork.Cancellable timer;
    boolean tried;

    Waiter(ReserveRequest request, CompletableFuture<List<ReservedMessage>> result, long deadline) {
      this.request = request;
      this.result = result;
      this.deadline = deadline;
    }
  }

  /** The reserves waiting on one queue, and whether they are being served. */
  private static final class Parked {
    final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    long queueId = -1;
    boolean listening;
    boolean serving;
    boolean again;
    Clockwork.Cancellable nextLook;
    long nextLookAt = Long.MAX_VALUE;
  }

  /** What a reserve took, and of which queue. */
  record Reserved(long queueId, List<ReservedMessage> messages) {}

  /** The message operations a waiting reserve is made of. */
  interface Taker {
    /** One reserve that does not wait. */
    CompletableFuture<Reserved> reserve(QueueRef ref, ReserveRequest request);

    /** Ends the reservations of messages that no waiter took, so that they are visible again. */
    CompletableFuture<Void> putBack(QueueRef ref, List<ReservedMessage> untaken);

    /** Deletes reserved messages, for a waiter that asked for {@code delete}. */
    CompletableFuture<Void> delete(QueueRef ref, List<ReservedMessage> taken);
  }

  private final Database database;
  private final Clockwork clock;
  private final Work work;
  private final String node;
  private final Taker taker;
  private final Map<QueueRef, Parked> byQueue = new HashMap<>();
  private final Map<Long, QueueRef> queues = new ConcurrentHashMap<>();
  private final AtomicLong count = new AtomicLong();

  LongPolls(Database database, Clockwork clock, Work work, String node, Taker taker) {
    this.database = database;
    this.clock = clock;
    this.work = work;
    this.node = node;
    this.taker = taker;
  }

  long parked() {
    return count.get();
  }

  /** A reserve with a wait: in line behind those waiting here already, if any. */
  PendingReserve reserve(QueueRef ref, ReserveRequest request) {
    CompletableFuture<List<ReservedMessage>> result = new CompletableFuture<>();
    Waiter waiter = new Waiter(request, result, clock.now() + request.waitSeconds() * 1000L);
    synchronized (this) {
      byQueue.computeIfAbsent(ref, r -> new Parked()).waiters.add(waiter);
      count.incrementAndGet();
      waiter.timer = clock.at(waiter.deadline, () -> end(ref, waiter));
    }
    wake(ref);
    return new PendingReserve(result, () -> end(ref, waiter));
  }

  /** Ends a waiter with nothing: its wait is over, or its client went away. */
  private void end(QueueRef ref, Waiter waiter) {
    boolean removed;
    synchronized (this) {
      Parked parked = byQueue.get(ref);
      removed = parked != null && parked.waiters.remove(waiter);
      if (removed) {
        count.decrementAndGet();
        forgetIfEmpty(ref, parked);
      }
    }
    if (removed) {
      waiter.timer.cancel();
      waiter.result.complete(List.of());
    }
  }

  /** Serves the reserves waiting on the queue with this id, if any (a notification). */
  void wake(long queueId) {
    QueueRef ref = queues.get(queueId);
    if (ref != null) {
      wake(ref);
    }
  }

  /** Serves the reserves waiting on the queue, if any, one after another. */
  void wake(QueueRef ref) {
    Parked parked;
    synchronized (this) {
      parked = byQueue.get(ref);
      if (parked == null) {
        return;
      }
      if (parked.serving) {
        parked.again = true;
        return;
      }
      parked.serving = true;
      parked.again = false;
    }
    work.track(serve(ref, parked));
  }

  /** Serves every queue with reserves waiting (notifications may have been missed). */
  void wakeAll() {
    List<QueueRef> waiting;
    synchronized (this) {
      waiting = new ArrayList<>(byQueue.keySet());
    }
    waiting.forEach(this::wake);
  }

  private CompletableFuture<Void> serve(QueueRef ref, Parked parked) {
    Waiter first;
    synchronized (this) {
      first = parked.waiters.peekFirst();
    }
    if (first == null) {
      return finishServing(ref, parked);
    }
    // Reserved without delete: a waiter may go away while the reserve is on its way, and what it
    // would have taken must then be put back, not lost.
    ReserveRequest once =
        new ReserveRequest(first.request.count(), first.request.timeoutSeconds(), 0, false);
    return taker
        .reserve(ref, once)
        .handle(
            (reserved, error) -> {
              if (error != null) {
                endAll(ref, parked, error);
                return CompletableFuture.<Void>completedFuture(null);
              }
              queues.put(reserved.queueId(), ref);
              if (reserved.messages().isEmpty()) {
                return waitForMessages(ref, parked, first, reserved.queueId());
              }
              boolean handed;
              synchronized (this) {
                handed = parked.waiters.remove(first);
                if (handed) {
                  count.decrementAndGet();
                }
              }
              if (!handed) {
                work.track(putBack(ref, reserved.messages()));
              } else if (first.request.delete()) {
                first.timer.cancel();
                work.track(
                    taker
                        .delete(ref, reserved.messages())
                        .whenComplete(
                            (deleted, failed) -> {
                              if (failed != null) {
                                first.result.completeExceptionally(failed);
                              } else {
                                first.result.complete(reserved.messages());
                              }
                            }));
              } else {
                first.timer.cancel();
                first.result.complete(reserved.messages());
              }
              return serve(ref, parked);
            })
        .thenCompose(next -> next);
  }

  /** Makes visible again what a waiter that went away would have taken, for those still here. */
  private CompletableFuture<Void> putBack(QueueRef ref, List<ReservedMessage> untaken) {
    return taker
        .putBack(ref, untaken)
        .handle(
            (done, error) -> {
              wake(ref);
              return null;
            });
  }

  /**
   * The first waiter got nothing: lists the queue for notifications (and then looks once more, for
   * a post that committed in between), or stops serving until something changes.
   */
  private CompletableFuture<Void> waitForMessages(
      QueueRef ref, Parked parked, Waiter first, long queueId) {
    boolean listen;
    long until;
    synchronized (this) {
      first.tried = true;
      parked.queueId = queueId;
      listen = !parked.listening;
      parked.listening = true;
      until = parked.waiters.stream().mapToLong(w -> w.deadline).max().orElse(0);
    }
    if (listen) {
      return database
          .run(LISTEN, Tuple.of(queueId, node, until))
          .handle((done, error) -> null)
          .thenCompose(done -> serve(ref, parked));
    }
    return finishServing(ref, parked);
  }

  /** Stops serving; serves again if woken meanwhile, else looks again at the next visible time. */
  private CompletableFuture<Void> finishServing(QueueRef ref, Parked parked) {
    boolean again;
    long queueId;
    synchronized (this) {
      again = parked.again;
      parked.again = false;
      parked.serving = again;
      queueId = parked.queueId;
      if (!again) {
        forgetIfEmpty(ref, parked);
      }
    }
    if (again) {
      return serve(ref, parked);
    }
    if (queueId < 0) {
      return CompletableFuture.completedFuture(null);
    }
    return database
        .one(NEXT_VISIBLE, Tuple.of(queueId, clock.now()))
        .thenAccept(row -> lookAgainAt(ref, parked, row.getLong(0)))
        .exceptionally(error -> null);
  }

  private synchronized void lookAgainAt(QueueRef ref, Parked parked, Long at) {
    if (at == null || parked.waiters.isEmpty() || at >= parked.nextLookAt) {
      return;
    }
    if (parked.nextLook != null) {
      parked.nextLook.cancel();
    }
    parked.nextLookAt = at;
    parked.nextLook =
        clock.at(
            at,
            () -> {
              synchronized (this) {
                parked.nextLook = null;
                parked.nextLookAt = Long.MAX_VALUE;
              }
              wake(ref);
            });
  }

  /**
   * Ends the waiters of a queue after a failed reserve: one never tried gets the failure (a reserve
   * on a missing queue is refused), one that waited gets nothing (its queue was deleted) unless the
   * database failed.
   */
  private void endAll(QueueRef ref, Parked parked, Throwable error) {
    List<Waiter> ended;
    synchronized (this) {
      ended = new ArrayList<>(parked.waiters);
      parked.waiters.clear();
      count.addAndGet(-ended.size());
      parked.serving = false;
      forgetIfEmpty(ref, parked);
    }
    Throwable cause = error.getCause() instanceof ProblemException ? error.getCause() : error;
    boolean refusal =
        cause instanceof ProblemException problem
            && !(problem.problem() instanceof Problem.StorageUnavailable);
    for (Waiter waiter : ended) {
      waiter.timer.cancel();
      if (refusal && waiter.tried) {
        waiter.result.complete(List.of());
      } else {
        waiter.result.completeExceptionally(cause);
      }
    }
  }

  /**
   * Ends the reserves waiting here on a queue this node deleted, with nothing: also those whose
   * first try is still on its way (it will find no queue, and nobody waiting for its answer).
   */
  void queueDeleted(QueueRef ref) {
    endWith(ref, List.of());
  }

  /** Ends every waiting reserve with nothing, as a node does before it stops. */
  void endAll() {
    List<QueueRef> waiting;
    synchronized (this) {
      waiting = new ArrayList<>(byQueue.keySet());
    }
    waiting.forEach(ref -> endWith(ref, List.of()));
  }

  private void endWith(QueueRef ref, List<ReservedMessage> nothing) {
    List<Waiter> ended;
    synchronized (this) {
      Parked parked = byQueue.get(ref);
      if (parked == null) {
        return;
      }
      ended = new ArrayList<>(parked.waiters);
      parked.waiters.clear();
      count.addAndGet(-ended.size());
      forgetIfEmpty(ref, parked);
    }
    for (Waiter waiter : ended) {
      waiter.timer.cancel();
      waiter.result.complete(nothing);
    }
  }

  private void forgetIfEmpty(QueueRef ref, Parked parked) {
    if (!parked.waiters.isEmpty() || parked.serving || byQueue.get(ref) != parked) {
      return;
    }
    byQueue.remove(ref);
    if (parked.nextLook != null) {
      parked.nextLook.cancel();
    }
    if (parked.listening) {
      work.track(
          database.run(UNLISTEN, Tuple.of(parked.queueId, node)).handle((done, error) -> null));
    }
  }
}
