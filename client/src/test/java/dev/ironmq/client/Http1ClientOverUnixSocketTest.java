package dev.ironmq.client;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;

/** {@link Http1ClientTest}'s cases over a Unix domain socket. */
class Http1ClientOverUnixSocketTest extends Http1ClientTest {
  @TempDir Path dir;

  @Override
  Optional<Path> socket() {
    return Optional.of(dir.resolve("scripted.sock"));
  }
}
