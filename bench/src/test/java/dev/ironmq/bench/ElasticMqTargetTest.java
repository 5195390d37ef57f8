package dev.ironmq.bench;

import dev.ironmq.bench.elasticmq.ElasticMqSystem;

class ElasticMqTargetTest extends TargetContract {
  @Override
  protected QueueSystem system() {
    return new ElasticMqSystem(TestSystems.ELASTICMQ_LIB, dir);
  }
}
