package dev.ironmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.it.IronmqCommand.Result;
import dev.ironmq.server.IronMqServer;
import dev.ironmq.server.ServerConfig;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Tag;

/**
 * A data directory of the embedded store moved to PostgreSQL the way an operator does it ({@code
 * ironmq export}, then {@code ironmq import}): a server on the database serves all of it, every
 * check of {@link FixtureChecks} holding as for the directory itself.
 */
@Tag("own-database")
class MovedToPostgresTest extends FixtureChecks {
  private String database;

  @Override
  IronMqServer serve(Path dataDir, ServerConfig config, Clock clock) {
    Path dump = dataDir.resolveSibling("dump.jsonl");
    Result exported =
        IronmqCommand.run("export", "--data-dir", dataDir.toString(), "--output", dump.toString());
    assertThat(exported.exit()).as(exported.output()).isZero();
    assertThat(exported.output()).contains("Exported 11 queues and 13 messages");
    database = TestStore.newDatabase();
    Result imported = IronmqCommand.run("import", "--store", database, "--input", dump.toString());
    assertThat(imported.exit()).as(imported.output()).isZero();
    assertThat(imported.output()).contains("11 queues and 13 messages");
    return IronMqServer.start(config.toBuilder().postgres(database).build(), clock);
  }

  @Override
  void stopped() {
    TestStore.dropDatabase(database);
  }
}
