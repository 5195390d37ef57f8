package dev.ironmq.bench;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many long polls parked on an empty queue, each on its own connection, as idle workers leave them:
 * the server's resident memory with them parked, and the latency of other requests meanwhile: the
 * usual callers posting, reserving and deleting single messages on another queue, which keeps that
 * queue near empty so the memory measured is the polls' and not a growing backlog's.
 */
public final class ParkedPolls {
  /**
   * What it measured.
   *
   * @param polls long polls kept parked
   * @param idleBytes the server's resident memory before they were parked
   * @param parkedBytes the server's resident memory with them parked
   * @param loadedBytes the server's resident memory with them parked, after the other requests
   * @param failedPolls polls that failed (not those that ended empty and were parked again)
   * @param others the single-message pipeline run meanwhile
   */
  public record Result(
      int polls,
      long idleBytes,
      long parkedBytes,
      long loadedBytes,
      long failedPolls,
      Measurement others) {}

  private ParkedPolls() {}

  /**
   * Parks {@code polls} long polls, gives them {@code settle} to connect and park, then measures a
   * single-message pipeline of {@code users} callers.
   */
  public static Result run(
      Vertx vertx,
      LoadDriver driver,
      QueueSystem system,
      QueueTarget target,
      int polls,
      Duration settle,
      int users,
      int bodyBytes) {
    String empty = "parked-" + System.nanoTime();
    LoadDriver.await(target.createQueue(empty));
    long idle = system.residentBytes().orElse(-1);
    AtomicBoolean parking = new AtomicBoolean(true);
    AtomicLong failed = new AtomicLong();
    try (QueueTarget parker = system.connect(vertx, polls)) {
      for (int i = 0; i < polls; i++) {
        vertx.runOnContext(v -> park(vertx, parker, empty, parking, failed));
      }
      LoadDriver.sleep(settle);
      long parked = system.residentBytes().orElse(-1);
      Measurement others =
          Scenarios.pipeline(driver, target, "busy-" + System.nanoTime(), users, 1, bodyBytes);
      long loaded = system.residentBytes().orElse(-1);
      parking.set(false);
      return new Result(polls, idle, parked, loaded, failed.get(), others);
    } finally {
      parking.set(false);
    }
  }

  private static void park(
      Vertx vertx, QueueTarget parker, String queue, AtomicBoolean parking, AtomicLong failed) {
    if (!parking.get()) {
      return;
    }
    parker
        .reserve(queue, 1, Scenarios.LONG_POLL_SECONDS)
        .onComplete(
            done -> {
              if (done.succeeded()) {
                park(vertx, parker, queue, parking, failed);
              } else if (parking.get()) {
                failed.incrementAndGet();
                vertx.setTimer(100, id -> park(vertx, parker, queue, parking, failed));
              }
            });
  }
}
