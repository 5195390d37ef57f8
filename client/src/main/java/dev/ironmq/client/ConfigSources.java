package dev.ironmq.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The places {@link IronMqConfig#load()} reads, in the official clients' order, with the
 * environment and the directories given so that tests can supply their own.
 */
final class ConfigSources {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> FILE_NAMES = List.of("iron-mq", "iron_mq", "iron");
  private static final List<List<String>> SECTIONS =
      List.of(List.of("iron_mq"), List.of("iron", "mq"), List.of("mq"), List.of("iron"), List.of());

  private final Map<String, String> env;
  private final Path workingDir;
  private final Path home;

  ConfigSources(Map<String, String> env, Path workingDir, Path home) {
    this.env = env;
    this.workingDir = workingDir;
    this.home = home;
  }

  /** Resolves each setting from {@code explicit} first, then the sources in order. */
  IronMqConfig load(Map<String, String> explicit) {
    List<Function<String, Optional<String>>> sources = new ArrayList<>();
    sources.add(key -> Optional.ofNullable(explicit.get(key)));
    for (String variable : List.of("IRON_MQ_CONFIG", "IRON_CONFIG")) {
      String file = env.get(variable);
      if (file != null && !file.isBlank()) {
        JsonNode json = read(workingDir.resolve(file));
        sources.add(key -> lookUp(json, key));
      }
    }
    sources.add(key -> variable("IRON_MQ_", key));
    sources.add(key -> variable("IRON_", key));
    for (Path dir : List.of(workingDir, home)) {
      for (String name : FILE_NAMES) {
        for (Path file :
            List.of(
                dir.resolve(name + ".json"),
                dir.resolve("." + name + ".json"),
                dir.resolve("config").resolve(name + ".json"),
                dir.resolve("config").resolve("." + name + ".json"))) {
          if (Files.isRegularFile(file)) {
            JsonNode json = read(file);
            sources.add(key -> lookUp(json, key));
          }
        }
      }
    }
    return resolve(
        key -> sources.stream().map(s -> s.apply(key)).flatMap(Optional::stream).findFirst());
  }

  static IronMqConfig fromFile(Path file) {
    JsonNode json = read(file);
    return resolve(key -> lookUp(json, key));
  }

  /** A configuration from a lookup of each setting, with IronMQ's defaults for what is missing. */
  private static IronMqConfig resolve(Function<String, Optional<String>> setting) {
    String scheme = setting.apply("scheme").orElse(IronMqConfig.DEFAULT_SCHEME);
    int defaultPort = scheme.equals("http") ? 80 : IronMqConfig.DEFAULT_PORT;
    return new IronMqConfig(
        scheme,
        setting.apply("host").orElse(IronMqConfig.DEFAULT_HOST),
        setting.apply("port").map(ConfigSources::parsePort).orElse(defaultPort),
        setting.apply("project_id").orElse(null),
        setting.apply("token").orElse(null),
        setting.apply("socket").map(Path::of));
  }

  private Optional<String> variable(String prefix, String key) {
    String value = env.get(prefix + key.toUpperCase(Locale.ROOT));
    if ((value == null || value.isBlank()) && key.equals("scheme")) {
      value = env.get(prefix + "PROTOCOL");
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  /** A setting from a file: the most specific section that has it, {@code protocol} as scheme. */
  private static Optional<String> lookUp(JsonNode json, String key) {
    for (List<String> path : SECTIONS) {
      JsonNode section = json;
      for (String step : path) {
        section = section.path(step);
      }
      for (String name : key.equals("scheme") ? List.of("scheme", "protocol") : List.of(key)) {
        JsonNode value = section.path(name);
        if (value.isValueNode() && !value.asText().isBlank()) {
          return Optional.of(value.asText().strip());
        }
      }
    }
    return Optional.empty();
  }

  private static int parsePort(String port) {
    try {
      return Integer.parseInt(port);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("port must be a number, not " + port, e);
    }
  }

  private static JsonNode read(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the IronMQ configuration in " + file, e);
    }
  }
}
