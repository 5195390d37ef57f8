package dev.ironmq.bench.rabbitmq;

import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import dev.ironmq.bench.QueueSystem;
import dev.ironmq.bench.QueueTarget;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;

/**
 * A RabbitMQ broker that already runs (the benchmark does not own a broker's data directory, so it
 * uses fresh queues instead and deletes them after).
 */
public final class RabbitMqSystem implements QueueSystem {
  private final String uri;
  private final ConnectionFactory factory = new ConnectionFactory();
  private String version = "unknown";

  /**
   * @param uri where the broker listens, e.g. {@code amqp://guest:guest@127.0.0.1:5672}
   */
  public RabbitMqSystem(String uri) {
    this.uri = uri;
    try {
      factory.setUri(uri);
    } catch (URISyntaxException | GeneralSecurityException e) {
      throw new IllegalArgumentException("not an AMQP URI: " + uri, e);
    }
    factory.setAutomaticRecoveryEnabled(false);
  }

  @Override
  public String name() {
    return "rabbitmq";
  }

  @Override
  public String version() {
    return version;
  }

  @Override
  public String settings() {
    return "the broker at "
        + uri.replaceAll("//[^@/]*@", "//")
        + " as configured; durable classic queues, persistent messages, publisher confirms,"
        + " manual acks, prefetch "
        + RabbitMqTarget.PREFETCH
        + " on each of 4 consumer channels";
  }

  @Override
  public boolean durable() {
    return true;
  }

  @Override
  public String notes() {
    return "consumers are pushed messages up to their prefetch window, so a reserve does not wait"
        + " on the broker; an ack is not confirmed by the broker";
  }

  @Override
  public void start() {
    try (Connection connection = factory.newConnection("ironmq-bench")) {
      version = String.valueOf(connection.getServerProperties().get("version"));
    } catch (IOException | TimeoutException e) {
      throw new IllegalStateException(
          "RabbitMQ does not answer at " + uri + " (start it, or leave it out of --systems)", e);
    }
  }

  @Override
  public boolean restartable() {
    return false;
  }

  @Override
  public void stop() {}

  @Override
  public void resume() {
    throw new UnsupportedOperationException("the benchmark does not restart a shared broker");
  }

  @Override
  public QueueTarget connect(Vertx vertx, int connections) {
    return new RabbitMqTarget(vertx, factory, connections);
  }

  @Override
  public boolean parksRequests() {
    return false;
  }

  @Override
  public OptionalLong residentBytes() {
    return OptionalLong.empty();
  }

  @Override
  public void close() {}
}
