package dev.ironmq.examples.analytics;

import dev.ironmq.client.IronMq;
import dev.ironmq.client.IronMqConfig;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** The options every subcommand takes: where the queue server and Redis are. */
final class Connections {
  @Option(
      names = "--iron-config",
      description =
          "An iron.json (the server writes one in its data directory). Without it, the official"
              + " clients' lookup: IRON_MQ_*/IRON_* variables, ./iron.json, ~/.iron.json.")
  Path ironConfig;

  @Option(
      names = "--redis",
      defaultValue = "redis://127.0.0.1:6379",
      description = "Redis, where the counts are kept (default: ${DEFAULT-VALUE}).")
  URI redis;

  IronMq ironMq() {
    return IronMq.connect(
        ironConfig == null ? IronMqConfig.load() : IronMqConfig.fromFile(ironConfig));
  }

  Counters counters() {
    return new Counters(redis);
  }

  /** These options as arguments, for another subcommand run as a process of its own. */
  List<String> arguments() {
    List<String> arguments = new ArrayList<>();
    if (ironConfig != null) {
      arguments.addAll(List.of("--iron-config", ironConfig.toAbsolutePath().toString()));
    }
    arguments.addAll(List.of("--redis", redis.toString()));
    return arguments;
  }
}
