package dev.ironmq.bench.rabbitmq;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.DefaultConsumer;
import com.rabbitmq.client.Envelope;
import dev.ironmq.bench.QueueTarget.Received;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The consumers of one queue: a few channels, each with a prefetch window, whose deliveries wait
 * here until a reserve takes them (or are handed at once to a reserve already waiting).
 */
final class QueueConsumer {
  /** A delivery: what it takes to ack it. */
  record Delivered(Channel channel, long tag, AtomicLong unacked) {
    void ack() throws IOException {
      channel.basicAck(tag, false);
      unacked.decrementAndGet();
    }
  }

  private record Waiter(int max, Promise<List<Received>> promise, Context context, long timer) {}

  private final Vertx vertx;
  private final List<Channel> channels;
  private final ArrayDeque<Received> delivered = new ArrayDeque<>();
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
  private final AtomicLong unacked = new AtomicLong();

  QueueConsumer(Vertx vertx, String queue, List<Channel> channels, int prefetch)
      throws IOException {
    this.vertx = vertx;
    this.channels = channels;
    for (Channel channel : channels) {
      channel.basicQos(prefetch);
      channel.basicConsume(
          queue,
          false,
          new DefaultConsumer(channel) {
            @Override
            public void handleDelivery(
                String consumerTag,
                Envelope envelope,
                AMQP.BasicProperties properties,
                byte[] body) {
              unacked.incrementAndGet();
              arrived(
                  new Received(
                      new String(body, UTF_8),
                      new Delivered(channel, envelope.getDeliveryTag(), unacked)));
            }
          });
    }
  }

  /** Takes up to {@code max} deliveries, waiting up to {@code waitSeconds} for the first. */
  Future<List<Received>> take(int max, int waitSeconds) {
    synchronized (this) {
      if (!delivered.isEmpty() || waitSeconds == 0) {
        return Future.succeededFuture(takeNow(max));
      }
      Promise<List<Received>> promise = Promise.promise();
      long timer = vertx.setTimer(waitSeconds * 1000L, id -> expire(promise));
      waiters.add(new Waiter(max, promise, vertx.getOrCreateContext(), timer));
      return promise.future();
    }
  }

  private void expire(Promise<List<Received>> promise) {
    boolean expired;
    synchronized (this) {
      expired = waiters.removeIf(w -> w.promise() == promise);
    }
    if (expired) {
      promise.tryComplete(List.of());
    }
  }

  /** Delivered and not yet acked, whether taken by a reserve or not. */
  long unacked() {
    return unacked.get();
  }

  void close() {
    for (Channel channel : channels) {
      try {
        channel.close();
      } catch (IOException | TimeoutException | RuntimeException e) {
        // closing with its connection
      }
    }
  }

  private void arrived(Received received) {
    Waiter waiter;
    List<Received> handed;
    synchronized (this) {
      delivered.add(received);
      waiter = waiters.poll();
      if (waiter == null) {
        return;
      }
      handed = takeNow(waiter.max());
    }
    vertx.cancelTimer(waiter.timer());
    waiter.context().runOnContext(v -> waiter.promise().tryComplete(handed));
  }

  private List<Received> takeNow(int max) {
    List<Received> taken = new ArrayList<>(Math.min(max, delivered.size()));
    while (taken.size() < max && !delivered.isEmpty()) {
      taken.add(delivered.poll());
    }
    return taken;
  }
}
