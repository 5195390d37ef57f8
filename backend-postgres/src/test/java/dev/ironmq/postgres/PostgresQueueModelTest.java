package dev.ironmq.postgres;

import dev.ironmq.backend.tck.QueueModelTest;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * The contract suite's queue model on PostgreSQL, with fewer tries than on the embedded engine:
 * each try empties the database and starts a node, and its restarts start more (new connections, a
 * few hundred milliseconds on the two-core CI machine), which made the 300 tries take minutes.
 */
class PostgresQueueModelTest extends QueueModelTest {
  @Override
  @Property(tries = 80)
  protected void theEngineBehavesLikeTheModel(
      @ForAll("scenarios") @Size(max = 60) List<Step> steps) {
    super.theEngineBehavesLikeTheModel(steps);
  }
}
