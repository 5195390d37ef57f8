package dev.ironmq.bench;

import dev.ironmq.bench.ironmq.IronMqSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Systems as the tests start them, from what the build made. */
final class TestSystems {
  /** The server jar the reactor built before this module. */
  static final Path SERVER_JAR = Path.of("../server/target/ironmq-server.jar").toAbsolutePath();

  /** ElasticMQ's jars, copied by the bench/elasticmq module. */
  static final Path ELASTICMQ_LIB = Path.of("elasticmq/target/lib").toAbsolutePath();

  private TestSystems() {}

  static IronMqSystem ironMq(Path dir, String fsync) {
    return ironMq(dir, fsync, Optional.empty());
  }

  /** This server, loaded through a Unix domain socket when one is given. */
  static IronMqSystem ironMq(Path dir, String fsync, Optional<Path> socket) {
    if (!Files.isRegularFile(SERVER_JAR)) {
      throw new IllegalStateException("build the server first: " + SERVER_JAR + " is missing");
    }
    return new IronMqSystem(
        List.of(ChildProcess.javaExecutable(), "-jar", SERVER_JAR.toString()),
        dir.resolve("data"),
        fsync,
        socket);
  }
}
