package dev.ironmq.bench.ironmq;

import dev.ironmq.bench.PreparedRequests;
import dev.ironmq.bench.QueueTarget;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;

/** This server, over its v3 HTTP API. */
public final class IronMqTarget implements QueueTarget {
  /** How long a reservation lasts: longer than any scenario holds one. */
  private static final int RESERVATION_SECONDS = 60;

  private final IronMqClient client;
  private final PreparedRequests<Buffer> posts =
      new PreparedRequests<>((queue, bodies) -> IronMqClient.postBody(bodies));

  public IronMqTarget(IronMqClient client) {
    this.client = client;
  }

  public IronMqClient client() {
    return client;
  }

  @Override
  public Future<Void> createQueue(String queue) {
    return client.createQueue(queue);
  }

  @Override
  public Future<Integer> post(String queue, List<String> bodies) {
    return client.post(queue, posts.of(queue, bodies)).map(List::size);
  }

  @Override
  public Future<List<Received>> reserve(String queue, int max, int waitSeconds) {
    return client
        .reserve(queue, max, RESERVATION_SECONDS, waitSeconds)
        .map(
            reserved -> {
              List<Received> received = new ArrayList<>(reserved.size());
              reserved.forEach(m -> received.add(new Received(m.body(), m)));
              return received;
            });
  }

  @Override
  public Future<Void> delete(String queue, List<Received> messages) {
    List<IronMqClient.Reserved> reserved = new ArrayList<>(messages.size());
    messages.forEach(m -> reserved.add((IronMqClient.Reserved) m.handle()));
    return client.delete(queue, reserved);
  }

  @Override
  public Future<Long> size(String queue) {
    return client.size(queue);
  }

  @Override
  public void close() {
    client.close();
  }
}
