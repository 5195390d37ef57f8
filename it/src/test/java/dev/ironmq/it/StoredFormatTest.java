package dev.ironmq.it;

import dev.ironmq.server.IronMqServer;
import dev.ironmq.server.ServerConfig;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Tag;

/**
 * A data directory written by an earlier release loads unchanged into the embedded store: the
 * stored formats cannot be broken by a change of code.
 */
@Tag("embedded-store")
class StoredFormatTest extends FixtureChecks {
  @Override
  IronMqServer serve(Path dataDir, ServerConfig config, Clock clock) {
    return IronMqServer.start(config, clock);
  }
}
