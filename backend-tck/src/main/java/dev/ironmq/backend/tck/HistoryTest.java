package dev.ironmq.backend.tck;

import static dev.ironmq.backend.tck.BackendHarness.START;
import static dev.ironmq.backend.tck.BackendHarness.done;
import static dev.ironmq.backend.tck.BackendHarness.problemOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.backend.QueueBackend;
import dev.ironmq.backend.QueueChange;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.QueueStats;
import dev.ironmq.backend.StatsCounts;
import dev.ironmq.backend.StatsPoint;
import dev.ironmq.backend.StatsStep;
import dev.ironmq.backend.problem.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A queue's history: minutes recorded, kept by minute and by hour, read back by time range. */
public class HistoryTest {
  private static final long MINUTE = 60_000;
  private static final long HOUR = StatsStep.HOUR.periodOf(START);

  private final BackendHarness harness = new BackendHarness();
  private final QueueRef q = harness.queue("watched");

  private QueueBackend backend() {
    return harness.backend;
  }

  private void record(long minute, QueueRef ref, StatsCounts counts) {
    done(backend().recordStats(minute, List.of(new QueueStats(ref, counts))));
  }

  private List<StatsPoint> read(StatsStep step) {
    return done(backend().stats(q, 0, Long.MAX_VALUE, step));
  }

  @Test
  void minutesAddUpToTheirHour() {
    done(backend().putQueue(q, QueueChange.none()));
    StatsCounts first = new StatsCounts(3, 3, 0, 0, 0, 0);
    StatsCounts second = new StatsCounts(4, 2, 1, 0, 0, 0);

    record(HOUR, q, first);
    record(HOUR + MINUTE, q, second);

    assertThat(read(StatsStep.MINUTE))
        .containsExactly(new StatsPoint(HOUR, first), new StatsPoint(HOUR + MINUTE, second));
    assertThat(read(StatsStep.HOUR))
        .containsExactly(new StatsPoint(HOUR, new StatsCounts(4, 5, 1, 0, 0, 0)));
  }

  @Test
  void theSameMinuteRecordedTwiceAddsItsCountsAndKeepsTheLatestSize() {
    done(backend().putQueue(q, QueueChange.none()));

    record(HOUR, q, new StatsCounts(3, 3, 1, 1, 2, 0));
    record(HOUR, q, new StatsCounts(5, 2, 0, 0, 1, 1));

    StatsCounts both = new StatsCounts(5, 5, 1, 1, 3, 1);
    assertThat(read(StatsStep.MINUTE)).containsExactly(new StatsPoint(HOUR, both));
    assertThat(read(StatsStep.HOUR)).containsExactly(new StatsPoint(HOUR, both));
  }

  @Test
  void readsTheRangeAskedForFromItsStartToBeforeItsEnd() {
    done(backend().putQueue(q, QueueChange.none()));
    for (int minute = 0; minute < 5; minute++) {
      record(HOUR + minute * MINUTE, q, new StatsCounts(minute, 1, 0, 0, 0, 0));
    }

    assertThat(done(backend().stats(q, HOUR + MINUTE, HOUR + 3 * MINUTE, StatsStep.MINUTE)))
        .extracting(StatsPoint::at)
        .containsExactly(HOUR + MINUTE, HOUR + 2 * MINUTE);
  }

  @Test
  void theHistorySurvivesARestart() {
    done(backend().putQueue(q, QueueChange.none()));
    record(HOUR, q, new StatsCounts(1, 1, 0, 0, 0, 0));

    harness.restart();
    record(HOUR + MINUTE, q, new StatsCounts(2, 1, 0, 0, 0, 0));

    assertThat(read(StatsStep.MINUTE)).hasSize(2);
    assertThat(read(StatsStep.HOUR))
        .containsExactly(new StatsPoint(HOUR, new StatsCounts(2, 2, 0, 0, 0, 0)));
  }

  @Test
  void minutesAreKeptADayAndHoursAMonth() {
    done(backend().putQueue(q, QueueChange.none()));
    record(HOUR, q, new StatsCounts(1, 1, 0, 0, 0, 0));

    harness.advanceSeconds(25 * 3600);

    assertThat(read(StatsStep.MINUTE)).isEmpty();
    assertThat(read(StatsStep.HOUR)).hasSize(1);
    harness.advanceSeconds(31 * 24 * 3600);
    assertThat(read(StatsStep.HOUR)).isEmpty();
  }

  @Test
  void queuesThatNoLongerExistAreSkippedAndTheirHistoryGoesWithThem() {
    QueueRef kept = harness.queue("kept");
    done(backend().putQueue(q, QueueChange.none()));
    done(backend().putQueue(kept, QueueChange.none()));
    record(HOUR, q, new StatsCounts(1, 1, 0, 0, 0, 0));
    done(backend().deleteQueue(q));

    done(
        backend()
            .recordStats(
                HOUR + MINUTE,
                List.of(
                    new QueueStats(q, new StatsCounts(1, 1, 0, 0, 0, 0)),
                    new QueueStats(kept, new StatsCounts(2, 2, 0, 0, 0, 0)))));
    done(backend().putQueue(q, QueueChange.none()));

    assertThat(read(StatsStep.MINUTE)).as("a new queue of the same name starts empty").isEmpty();
    assertThat(done(backend().stats(kept, 0, Long.MAX_VALUE, StatsStep.MINUTE))).hasSize(1);
  }

  @Test
  void anUnknownQueueHasNoHistoryToRead() {
    assertThat(problemOf(backend().stats(harness.queue("nowhere"), 0, 1, StatsStep.MINUTE)))
        .isInstanceOf(Problem.QueueNotFound.class);
  }

  @Test
  void aQueueOfAnotherProjectIsNotMixedIn() {
    QueueRef other = QueueRef.of("66f1b2d3e4f5a6b7c8d9e0aa", q.name());
    done(backend().createProject(java.util.Optional.of(other.projectId()), "other"));
    done(backend().putQueue(q, QueueChange.none()));
    done(backend().putQueue(other, QueueChange.none()));

    record(HOUR, other, new StatsCounts(9, 9, 0, 0, 0, 0));

    assertThat(read(StatsStep.MINUTE)).isEmpty();
  }
}
