package dev.ironmq.postgres;

import dev.ironmq.backend.tck.ManualClock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A {@link Clockwork} on the test's clock: what is scheduled runs when the test moves past it. */
final class ManualClockwork implements Clockwork {
  private record Scheduled(long at, long order, Runnable action) {}

  private final ManualClock clock;
  private final List<Scheduled> scheduled = new ArrayList<>();
  private long order;

  ManualClockwork(ManualClock clock) {
    this.clock = clock;
  }

  @Override
  public long now() {
    return clock.millis();
  }

  @Override
  public synchronized Cancellable at(long epochMillis, Runnable action) {
    Scheduled s = new Scheduled(epochMillis, order++, action);
    scheduled.add(s);
    return () -> {
      synchronized (this) {
        scheduled.remove(s);
      }
    };
  }

  /** The earliest scheduled moment, or {@link Long#MAX_VALUE}. */
  synchronized long next() {
    return scheduled.stream().mapToLong(Scheduled::at).min().orElse(Long.MAX_VALUE);
  }

  /** Runs what is due now, in the order it falls due; true when something ran. */
  boolean runDue() {
    List<Scheduled> due;
    synchronized (this) {
      due =
          scheduled.stream()
              .filter(s -> s.at() <= clock.millis())
              .sorted(Comparator.comparingLong(Scheduled::at).thenComparingLong(Scheduled::order))
              .toList();
      scheduled.removeAll(due);
    }
    due.forEach(s -> s.action().run());
    return !due.isEmpty();
  }
}
