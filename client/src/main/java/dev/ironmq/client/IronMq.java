package dev.ironmq.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * A client of one project on an IronMQ server. Thread-safe; make one and share it. Every call has a
 * blocking form and an asynchronous one ({@code ...Async}) whose future fails with the same {@link
 * IronMqException} the blocking form throws.
 *
 * <pre>{@code
 * IronMq mq = IronMq.connect();                 // iron.json, IRON_TOKEN, ... as the official clients
 * Queue jobs = mq.queue("jobs");
 * jobs.post("resize 42.png");
 * for (Message m : jobs.reserve(10, 60, 30)) {  // up to 10, held 60 s, waiting up to 30 s
 *   process(m.body());
 *   jobs.delete(m);
 * }
 * }</pre>
 */
public final class IronMq implements AutoCloseable {
  /** How long a call may take, beyond any long-poll wait it asks for. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private final Transport transport;

  private IronMq(Transport transport) {
    this.transport = transport;
  }

  /** A client configured as the official clients are: see {@link IronMqConfig#load()}. */
  public static IronMq connect() {
    return connect(IronMqConfig.load());
  }

  public static IronMq connect(IronMqConfig config) {
    return connect(config, DEFAULT_TIMEOUT);
  }

  public static IronMq connect(IronMqConfig config, Duration timeout) {
    return new IronMq(new Transport(config, timeout));
  }

  public IronMqConfig config() {
    return transport.config();
  }

  /** A handle on a queue; nothing is sent until it is used. */
  public Queue queue(String name) {
    return new Queue(transport, name);
  }

  /**
   * One page of queue names, in name order.
   *
   * @param prefix only names that start with it (null: all)
   * @param previous the last name of the previous page (null: from the start)
   * @param perPage names per page, 1 to 100
   */
  public CompletableFuture<List<String>> listQueuesAsync(
      String prefix, String previous, int perPage) {
    StringBuilder path = new StringBuilder("/queues?per_page=").append(perPage);
    if (prefix != null) {
      path.append("&prefix=").append(Transport.encode(prefix));
    }
    if (previous != null) {
      path.append("&previous=").append(Transport.encode(previous));
    }
    return transport
        .call("GET", path.toString(), null)
        .thenApply(
            json -> {
              List<String> names = new ArrayList<>();
              for (JsonNode queue : json.path("queues")) {
                names.add(queue.path("name").asText());
              }
              return names;
            });
  }

  public List<String> listQueues(String prefix, String previous, int perPage) {
    return await(() -> listQueuesAsync(prefix, previous, perPage));
  }

  /** Every queue name with this prefix (null: all), page after page. */
  public List<String> listAllQueues(String prefix) {
    List<String> all = new ArrayList<>();
    String previous = null;
    while (true) {
      List<String> page = listQueues(prefix, previous, 100);
      all.addAll(page);
      if (page.size() < 100) {
        return all;
      }
      previous = page.get(page.size() - 1);
    }
  }

  /** Closes the connections this client keeps open; calls made afterwards fail. */
  @Override
  public void close() {
    transport.close();
  }

  /** Makes a call on this thread and waits for it, throwing what it failed with. */
  static <T> T await(Supplier<CompletableFuture<T>> call) {
    try {
      return Transport.inline(call).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof IronMqException refused) {
        throw refused;
      }
      if (e.getCause() instanceof RuntimeException other) {
        throw other;
      }
      throw e;
    }
  }
}
