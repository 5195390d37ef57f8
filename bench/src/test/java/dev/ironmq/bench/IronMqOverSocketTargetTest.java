package dev.ironmq.bench;

import java.util.Optional;

/** The target contract with the load going through the server's Unix domain socket. */
class IronMqOverSocketTargetTest extends TargetContract {
  @Override
  protected QueueSystem system() {
    return TestSystems.ironMq(dir, "always", Optional.of(dir.resolve("ironmq.sock")));
  }
}
