package dev.ironmq.bench;

class IronMqTargetTest extends TargetContract {
  @Override
  protected QueueSystem system() {
    return TestSystems.ironMq(dir, "always");
  }
}
