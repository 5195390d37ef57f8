package dev.ironmq.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** What the benchmark ran on, for the report. */
final class Machine {
  private Machine() {}

  static String describe() {
    return String.format(
        Locale.ROOT,
        "%d CPUs (%s), %.0f GiB RAM, Linux %s, %s %s; the load generator runs on the same machine",
        Runtime.getRuntime().availableProcessors(),
        firstValue(Path.of("/proc/cpuinfo"), "model name"),
        kilobytes(firstValue(Path.of("/proc/meminfo"), "MemTotal")) / 1024.0 / 1024.0,
        read(Path.of("/proc/sys/kernel/osrelease")),
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"));
  }

  /** The commit of the working tree the benchmark runs in, marked when it has changes. */
  static String commit() {
    String commit = ChildProcess.output(List.of("git", "rev-parse", "--short", "HEAD")).strip();
    String changes =
        ChildProcess.output(List.of("git", "status", "--porcelain", "--untracked-files=no"));
    return commit.matches("[0-9a-f]+")
        ? commit + (changes.isBlank() ? "" : " with local changes")
        : "unknown";
  }

  private static String firstValue(Path file, String key) {
    for (String line : read(file).split("\n")) {
      if (line.startsWith(key)) {
        return line.substring(line.indexOf(':') + 1).strip();
      }
    }
    return "unknown";
  }

  private static long kilobytes(String value) {
    String digits = value.replaceAll("[^0-9]", "");
    return digits.isEmpty() ? 0 : Long.parseLong(digits);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      return "unknown";
    }
  }
}
