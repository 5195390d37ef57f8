package dev.ironmq.bench;

import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The workloads, each written once against {@link QueueTarget}. */
public final class Scenarios {
  private Scenarios() {}

  /** Producers only: each call posts {@code batch} messages. */
  public static Measurement post(
      LoadDriver driver, QueueTarget target, String queue, int users, int batch, int bodyBytes) {
    LoadDriver.await(target.createQueue(queue));
    return driver.closedLoop(users, () -> target.post(queue, batch, bodyBytes));
  }

  /**
   * Half the users post {@code batch} messages per call, half reserve up to {@code batch} and
   * delete them; counts the messages that made the whole trip.
   */
  public static Measurement pipeline(
      LoadDriver driver, QueueTarget target, String queue, int users, int batch, int bodyBytes) {
    LoadDriver.await(target.createQueue(queue));
    AtomicInteger next = new AtomicInteger();
    return driver.closedLoop(
        users,
        () ->
            next.getAndIncrement() % 2 == 0
                ? target.post(queue, batch, bodyBytes).map(posted -> 0)
                : consume(target, queue, batch));
  }

  /** One caller: posts a message, reserves it, deletes it; the latency is post plus reserve. */
  public static Measurement roundTrip(
      LoadDriver driver, QueueTarget target, String queue, int bodyBytes) {
    LoadDriver.await(target.createQueue(queue));
    return driver.closedLoop(
        1,
        () ->
            target
                .post(queue, 1, bodyBytes)
                .compose(posted -> target.reserve(queue, 1, 1))
                .compose(
                    reserved -> {
                      if (reserved.size() != 1) {
                        return Future.failedFuture("the message posted was not reserved");
                      }
                      return Future.succeededFuture(reserved);
                    }),
        reserved -> target.delete(queue, reserved).map(1));
  }

  private static Future<Integer> consume(QueueTarget target, String queue, int batch) {
    return target
        .reserve(queue, batch, 1)
        .compose(
            (List<Object> reserved) ->
                target.delete(queue, reserved).map(deleted -> reserved.size()));
  }
}
