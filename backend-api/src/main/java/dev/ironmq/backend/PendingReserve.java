package dev.ironmq.backend;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A reserve in progress. A long poll may stay parked for up to its wait; {@link #cancel()} ends it
 * early (with no messages) when its client goes away, so that no message is reserved for nobody.
 */
public final class PendingReserve {
  private final CompletableFuture<List<ReservedMessage>> result;
  private final Runnable cancel;

  public PendingReserve(CompletableFuture<List<ReservedMessage>> result, Runnable cancel) {
    this.result = result;
    this.cancel = cancel;
  }

  public CompletableFuture<List<ReservedMessage>> result() {
    return result;
  }

  public void cancel() {
    if (!result.isDone()) {
      cancel.run();
    }
  }
}
