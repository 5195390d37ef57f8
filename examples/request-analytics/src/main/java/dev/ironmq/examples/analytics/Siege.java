package dev.ironmq.examples.analytics;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs siege (the Debian package) in benchmark mode and reads its summary. */
final class Siege {
  /**
   * What siege reported.
   *
   * @param transactions requests served
   * @param failed requests that failed
   * @param elapsedSeconds the run's length
   * @param responseSeconds siege's mean response time (rounded to 10 ms by siege)
   * @param rate transactions per second
   * @param concurrency the mean number of requests in progress
   * @param longestSeconds the longest transaction
   */
  record Result(
      long transactions,
      long failed,
      double elapsedSeconds,
      double responseSeconds,
      double rate,
      double concurrency,
      double longestSeconds) {

    /** The mean response time in milliseconds, from concurrency and rate (Little's law). */
    double meanMillis() {
      return rate == 0 ? Double.NaN : concurrency / rate * 1000;
    }
  }

  private static final Pattern FIGURE =
      Pattern.compile("\"?([A-Za-z_ ]+?)\"?\\s*:\\s*([0-9]+(?:\\.[0-9]+)?)");

  private Siege() {}

  /**
   * Siege sometimes never exits after a timed run (its main thread waits forever for a worker it
   * cancelled). A run that outlives its time by this much is killed and reported as hung.
   */
  private static final Duration HANG = Duration.ofSeconds(30);

  /** Siege did not exit after its time was up; the run can be tried again. */
  static final class HungException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    HungException(Duration duration) {
      super(
          "siege was still running "
              + HANG.toSeconds()
              + " s after its "
              + duration.toSeconds()
              + " s were up; killed it");
    }
  }

  /**
   * {@code siege -b -t<seconds>S -c<users> url}; fails if siege is missing, reports nothing, or
   * hangs.
   */
  static Result run(String url, Duration duration, int users) {
    List<String> command =
        List.of(
            "siege",
            "--benchmark",
            "--time=" + duration.toSeconds() + "S",
            "--concurrent=" + users,
            "--log=/dev/null",
            url);
    Path output = null;
    try {
      output = Files.createTempFile("siege", ".out");
      Process siege =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      if (!siege.waitFor(duration.plus(HANG).toMillis(), TimeUnit.MILLISECONDS)) {
        siege.destroyForcibly().waitFor();
        throw new HungException(duration);
      }
      return parse(Files.readString(output, UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot run siege (install the Debian package: apt-get install siege)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } finally {
      if (output != null) {
        output.toFile().delete();
      }
    }
  }

  /** Reads siege's summary, in its JSON form (4.x) or its text form (older versions). */
  static Result parse(String output) {
    Map<String, Double> figures = new HashMap<>();
    Matcher matcher = FIGURE.matcher(output);
    while (matcher.find()) {
      String key = matcher.group(1).strip().toLowerCase(Locale.ROOT).replace(' ', '_');
      figures.put(key, Double.parseDouble(matcher.group(2)));
    }
    if (!figures.containsKey("transactions") || !figures.containsKey("transaction_rate")) {
      throw new IllegalStateException("siege reported no summary:\n" + output);
    }
    return new Result(
        figures.get("transactions").longValue(),
        figures.getOrDefault("failed_transactions", 0.0).longValue(),
        figures.getOrDefault("elapsed_time", 0.0),
        figures.getOrDefault("response_time", 0.0),
        figures.get("transaction_rate"),
        figures.getOrDefault("concurrency", 0.0),
        figures.getOrDefault("longest_transaction", 0.0));
  }
}
