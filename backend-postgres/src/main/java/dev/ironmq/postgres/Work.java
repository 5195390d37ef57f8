package dev.ironmq.postgres;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The backend's own work in flight (push attempts' outcomes, parked reserves being served,
 * housekeeping): what a caller did not wait for. A test that moves the clock waits for it to end
 * before it looks; a node that stops lets it end. Thread-safe.
 */
final class Work {
  private int running;
  private final List<CompletableFuture<Void>> idleWaiters = new ArrayList<>();

  /** Counts {@code future} as running until it completes. */
  <T> CompletableFuture<T> track(CompletableFuture<T> future) {
    synchronized (this) {
      running++;
    }
    future.whenComplete((value, error) -> finished());
    return future;
  }

  private void finished() {
    List<CompletableFuture<Void>> waking = List.of();
    synchronized (this) {
      running--;
      if (running == 0 && !idleWaiters.isEmpty()) {
        waking = new ArrayList<>(idleWaiters);
        idleWaiters.clear();
      }
    }
    waking.forEach(w -> w.complete(null));
  }

  /** Completes once nothing runs. */
  synchronized CompletableFuture<Void> idle() {
    if (running == 0) {
      return CompletableFuture.completedFuture(null);
    }
    CompletableFuture<Void> waiter = new CompletableFuture<>();
    idleWaiters.add(waiter);
    return waiter;
  }
}
