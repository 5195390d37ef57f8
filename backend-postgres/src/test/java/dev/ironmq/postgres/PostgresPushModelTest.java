package dev.ironmq.postgres;

import dev.ironmq.backend.tck.PushModelTest;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** The contract suite's push model on PostgreSQL, with fewer tries (see PostgresQueueModelTest). */
class PostgresPushModelTest extends PushModelTest {
  @Override
  @Property(tries = 60)
  protected void pushDeliveriesBehaveLikeTheModel(
      @ForAll("scenarios") @Size(max = 50) List<Step> steps) {
    super.pushDeliveriesBehaveLikeTheModel(steps);
  }
}
