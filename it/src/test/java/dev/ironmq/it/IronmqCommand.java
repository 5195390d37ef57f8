package dev.ironmq.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code ironmq} command in a child JVM, run to its end, as an operator types it: its exit
 * status and everything it printed, standard output and error together.
 */
final class IronmqCommand {
  /** How a run ended. */
  record Result(int exit, String output) {
    /** The printed lines, without blank ones. */
    List<String> lines() {
      return output.lines().filter(line -> !line.isBlank()).toList();
    }
  }

  private IronmqCommand() {}

  static Result run(String... args) {
    return run(Map.of(), "", null, args);
  }

  /**
   * Runs with these variables added to the environment (and none of IRON_*, which the queue
   * commands read), this standard input, in this working directory (null: the test's).
   */
  static Result run(Map<String, String> env, String stdin, Path workingDir, String... args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("dev.ironmq.server.Main");
    command.addAll(List.of(args));
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().keySet().removeIf(name -> name.startsWith("IRON_"));
      builder.environment().putAll(env);
      if (workingDir != null) {
        builder.directory(workingDir.toFile());
      }
      Process process = builder.start();
      try (var input = process.getOutputStream()) {
        input.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("ironmq " + String.join(" ", args) + " did not end in 60 s");
      }
      return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
