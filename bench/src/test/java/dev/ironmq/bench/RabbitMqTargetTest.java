package dev.ironmq.bench;

import dev.ironmq.bench.rabbitmq.RabbitMqSystem;

/**
 * The RabbitMQ broker at {@code RABBITMQ_URI}, by default {@code amqp://guest:guest@127.0.0.1:5672}
 * (.ci/run makes sure one runs there).
 */
class RabbitMqTargetTest extends TargetContract {
  @Override
  protected QueueSystem system() {
    String uri = System.getenv().getOrDefault("RABBITMQ_URI", "amqp://guest:guest@127.0.0.1:5672");
    return new RabbitMqSystem(uri);
  }
}
