package dev.ironmq.bench.rabbitmq;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.MessageProperties;
import dev.ironmq.bench.QueueTarget;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * RabbitMQ through its Java client, used as a work queue is meant to be: durable classic queues,
 * persistent messages, publisher confirms (a post completes when the broker has confirmed every
 * message of it), and consumers with a prefetch window and manual acks. A reserve takes what the
 * consumers were given; a delete acks it.
 */
public final class RabbitMqTarget implements QueueTarget {
  /** Unacked messages a consumer channel may hold. */
  static final int PREFETCH = 1000;

  private static final int CONSUMER_CHANNELS = 4;

  /** Messages of one post, and the promise completed when the broker confirmed them all. */
  private static final class Post {
    private final AtomicInteger unconfirmed;
    private final int count;
    private final Promise<Integer> done;
    private final Context context;

    Post(int count, Promise<Integer> done, Context context) {
      this.unconfirmed = new AtomicInteger(count);
      this.count = count;
      this.done = done;
      this.context = context;
    }

    void confirmed() {
      if (unconfirmed.decrementAndGet() == 0) {
        context.runOnContext(v -> done.tryComplete(count));
      }
    }

    void refused() {
      context.runOnContext(v -> done.tryFail("the broker refused (nacked) a message"));
    }
  }

  /** A connection with its publishing channel in confirm mode. */
  private static final class Lane implements ConfirmListener {
    final Connection connection;
    final Channel channel;
    final ConcurrentNavigableMap<Long, Post> unconfirmed = new ConcurrentSkipListMap<>();

    Lane(ConnectionFactory factory) throws IOException, TimeoutException {
      this.connection = factory.newConnection("ironmq-bench");
      this.channel = connection.createChannel();
      channel.confirmSelect();
      channel.addConfirmListener(this);
    }

    synchronized void publish(String queue, List<String> bodies, Post post) throws IOException {
      for (String body : bodies) {
        unconfirmed.put(channel.getNextPublishSeqNo(), post);
        channel.basicPublish("", queue, MessageProperties.PERSISTENT_BASIC, body.getBytes(UTF_8));
      }
    }

    @Override
    public void handleAck(long tag, boolean multiple) {
      settle(tag, multiple).forEach(Post::confirmed);
    }

    @Override
    public void handleNack(long tag, boolean multiple) {
      settle(tag, multiple).forEach(Post::refused);
    }

    private List<Post> settle(long tag, boolean multiple) {
      List<Post> settled = new ArrayList<>();
      if (multiple) {
        Map<Long, Post> upTo = unconfirmed.headMap(tag, true);
        settled.addAll(upTo.values());
        upTo.clear();
      } else {
        Post post = unconfirmed.remove(tag);
        if (post != null) {
          settled.add(post);
        }
      }
      return settled;
    }
  }

  private final Vertx vertx;
  private final List<Lane> lanes = new ArrayList<>();
  private final AtomicInteger nextLane = new AtomicInteger();
  private final Map<String, QueueConsumer> consumers = new ConcurrentHashMap<>();
  private final Set<String> declared = ConcurrentHashMap.newKeySet();

  public RabbitMqTarget(Vertx vertx, ConnectionFactory factory, int connections) {
    this.vertx = vertx;
    try {
      for (int i = 0; i < connections; i++) {
        lanes.add(new Lane(factory));
      }
    } catch (IOException | TimeoutException e) {
      close();
      throw new IllegalStateException("cannot connect to RabbitMQ: " + e.getMessage(), e);
    }
  }

  @Override
  public Future<Void> createQueue(String queue) {
    return blocking(
        () -> {
          lane().channel.queueDeclare(queue, true, false, false, Map.of("x-queue-type", "classic"));
          declared.add(queue);
          return null;
        });
  }

  @Override
  public Future<Integer> post(String queue, List<String> bodies) {
    Promise<Integer> done = Promise.promise();
    Post post = new Post(bodies.size(), done, vertx.getOrCreateContext());
    try {
      lane().publish(queue, bodies, post);
    } catch (IOException | RuntimeException e) {
      done.tryFail(e);
    }
    return done.future();
  }

  @Override
  public Future<List<Received>> reserve(String queue, int max, int waitSeconds) {
    QueueConsumer consumer;
    try {
      consumer = consumers.computeIfAbsent(queue, this::consume);
    } catch (UncheckedIOException e) {
      return Future.failedFuture(e);
    }
    return consumer.take(max, waitSeconds);
  }

  private QueueConsumer consume(String queue) {
    List<Channel> channels = new ArrayList<>();
    try {
      for (int i = 0; i < CONSUMER_CHANNELS; i++) {
        channels.add(lanes.get(i % lanes.size()).connection.createChannel());
      }
      return new QueueConsumer(vertx, queue, channels, PREFETCH);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Future<Void> delete(String queue, List<Received> messages) {
    try {
      for (Received message : messages) {
        ((QueueConsumer.Delivered) message.handle()).ack();
      }
      return Future.succeededFuture();
    } catch (IOException | RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<Long> size(String queue) {
    return blocking(
        () -> {
          QueueConsumer consumer = consumers.get(queue);
          long held = consumer == null ? 0 : consumer.unacked();
          return lane().channel.queueDeclarePassive(queue).getMessageCount() + held;
        });
  }

  /** Stops consuming and deletes the queues this client declared, so the broker keeps nothing. */
  @Override
  public void close() {
    consumers.values().forEach(QueueConsumer::close);
    if (!lanes.isEmpty()) {
      for (String queue : declared) {
        try {
          lanes.get(0).channel.queueDelete(queue);
        } catch (IOException | RuntimeException e) {
          // best effort: the benchmark's own queue, left behind if the broker went away
        }
      }
    }
    for (Lane lane : lanes) {
      try {
        lane.connection.close();
      } catch (IOException | RuntimeException e) {
        // already closed by the broker
      }
    }
  }

  private Lane lane() {
    return lanes.get(Math.floorMod(nextLane.getAndIncrement(), lanes.size()));
  }

  private interface Call<T> {
    T run() throws IOException;
  }

  /** Runs a call that waits for the broker's answer off the event loop. */
  private <T> Future<T> blocking(Call<T> call) {
    return vertx.executeBlocking(call::run, false);
  }
}
