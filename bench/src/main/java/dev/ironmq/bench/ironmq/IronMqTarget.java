package dev.ironmq.bench.ironmq;

import dev.ironmq.bench.QueueTarget;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** This server, over its HTTP API, with bodies prepared once per size and batch. */
public final class IronMqTarget implements QueueTarget {
  private final String name;
  private final IronMqClient client;
  private final Map<Long, Buffer> preparedBodies = new ConcurrentHashMap<>();

  public IronMqTarget(
      String name, Vertx vertx, String url, String projectId, String token, int connections) {
    this.name = name;
    this.client = new IronMqClient(vertx, url, projectId, token, connections);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String notes() {
    return "";
  }

  @Override
  public Future<Void> createQueue(String queue) {
    return client.createQueue(queue);
  }

  @Override
  public Future<Integer> post(String queue, int count, int bodyBytes) {
    Buffer body =
        preparedBodies.computeIfAbsent(
            ((long) count << 32) | bodyBytes, key -> IronMqClient.postBody(count, bodyBytes));
    return client.post(queue, body).map(List::size);
  }

  @Override
  public Future<List<Object>> reserve(String queue, int max, int waitSeconds) {
    return client.reserve(queue, max, 60, waitSeconds).map(ArrayList::new);
  }

  @Override
  public Future<Void> delete(String queue, List<Object> handles) {
    List<IronMqClient.Reserved> reserved = new ArrayList<>(handles.size());
    handles.forEach(h -> reserved.add((IronMqClient.Reserved) h));
    return client.delete(queue, reserved);
  }

  @Override
  public void close() {
    client.close();
  }
}
