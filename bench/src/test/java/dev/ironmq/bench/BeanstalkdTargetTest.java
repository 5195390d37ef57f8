package dev.ironmq.bench;

import dev.ironmq.bench.beanstalkd.BeanstalkdSystem;
import org.junit.jupiter.api.Nested;

/** beanstalkd from the system's package (the README and .ci/run install it). */
class BeanstalkdTargetTest {
  @Nested
  class WithBinlogFsyncedOnEveryWrite extends TargetContract {
    @Override
    protected QueueSystem system() {
      return new BeanstalkdSystem(true, dir);
    }
  }

  @Nested
  class AsItRunsByDefault extends TargetContract {
    @Override
    protected QueueSystem system() {
      return new BeanstalkdSystem(false, dir);
    }
  }
}
