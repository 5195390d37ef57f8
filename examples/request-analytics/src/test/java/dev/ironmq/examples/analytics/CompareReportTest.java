package dev.ironmq.examples.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.examples.analytics.Compare.Outcome;
import dev.ironmq.examples.analytics.Compare.Run;
import dev.ironmq.examples.analytics.RequestLogMiddleware.Mode;
import dev.ironmq.examples.analytics.Topology.Architecture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The table {@code compare} prints from its runs, and its verdict on the counts. */
class CompareReportTest {
  private static final int USERS = 15;
  private static final Run BASELINE = new Run(Mode.OFF, Architecture.ONE);
  private static final Run BATCHED = new Run(Mode.BATCHED, Architecture.ONE);

  /** A run siege saw serve {@code served} requests in 10 s, with every message counted. */
  private static Outcome outcome(Run run, long served, long cpuMillis) {
    return counted(run, served, cpuMillis, posted(run, served));
  }

  /** What the web app posted: one message per request, and siege cut off three at the end. */
  private static long posted(Run run, long served) {
    return run.mode() == Mode.OFF ? 0 : served + 3;
  }

  /** The same, with the worker's count given. */
  private static Outcome counted(Run run, long served, long cpuMillis, long counted) {
    long posted = posted(run, served);
    Siege.Result siege = new Siege.Result(served, 0, 10, 0.01, served / 10.0, USERS, 0.04);
    return new Outcome(run, USERS, siege, Duration.ofMillis(cpuMillis), posted, 0, counted, 0);
  }

  private static String print(List<Outcome> outcomes, boolean[] exact) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    exact[0] = Compare.print(outcomes, new PrintStream(bytes, true, StandardCharsets.UTF_8));
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void eachRunIsComparedWithTheBaselinesOnEitherSideOfItAndEachRowIsTheMedianRound() {
    // The machine slows down run by run; batched keeps pace with it, 1% to 5% behind.
    List<Outcome> outcomes =
        List.of(
            outcome(BASELINE, 60_000, 4_000),
            outcome(BATCHED, 55_100, 4_000), // against (6,000 + 5,600) / 2
            outcome(BASELINE, 56_000, 3_900),
            outcome(BATCHED, 52_470, 3_800), // against (5,600 + 5,000) / 2
            outcome(BASELINE, 50_000, 3_500),
            outcome(BATCHED, 46_560, 3_400), // against (5,000 + 4,600) / 2
            outcome(BASELINE, 46_000, 3_200));
    boolean[] exact = new boolean[1];

    String report = print(outcomes, exact);

    assertThat(exact[0]).isTrue();
    assertThat(report)
        .contains("| middleware off (baseline) | 0.01 s | 3.00 | 0.04 s | 5,000.00/s |  | 70 µs |")
        .contains(
            "| architecture 1, batched | 0.01 s | 2.86 | 0.04 s | 5,247.00/s | -3.0% | 72 µs |")
        .contains("- middleware off (baseline): 6,000/s, 5,600/s, 5,000/s, 4,600/s\n")
        .contains("- architecture 1, batched: 5,510/s (-5.0%), 5,247/s (-1.0%), 4,656/s (-3.0%)\n");
  }

  @Test
  void aCountThatDiffersFromWhatWasPostedMakesTheVerdictFalse() {
    List<Outcome> outcomes = new ArrayList<>();
    outcomes.add(outcome(BASELINE, 50_000, 3_500));
    outcomes.add(counted(BATCHED, 48_000, 3_600, 48_002)); // one message not counted
    boolean[] exact = new boolean[1];

    String report = print(outcomes, exact);

    assertThat(exact[0]).isFalse();
    assertThat(report).contains("| 48,000 | 48,003 | 48,002 | NO |");
  }
}
