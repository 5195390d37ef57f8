package dev.ironmq.core;

import dev.ironmq.backend.MessageEvents;
import dev.ironmq.backend.PushTransport;
import dev.ironmq.backend.QueueBackend;
import dev.ironmq.backend.tck.BackendProvider;
import dev.ironmq.backend.tck.ManualClock;
import dev.ironmq.backend.tck.OpenBackend;
import dev.ironmq.http.InternalMessagesJson;
import dev.ironmq.store.memory.MemoryJournal;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The embedded engine for the backend contract suite: over a memory journal, each shard on a {@link
 * ManualRuntime} that runs its tasks on the test's thread and its wake-ups when the test's clock
 * passes them.
 */
public final class EmbeddedBackendProvider implements BackendProvider {
  @Override
  public OpenBackend open(
      ManualClock clock,
      PushTransport transport,
      int maxMessageBytes,
      Duration pushRetention,
      int partitions,
      MessageEvents events) {
    return new Open(
        new MemoryJournal(),
        clock,
        transport,
        new EngineSettings(maxMessageBytes, pushRetention, events),
        partitions);
  }

  private static final class Open implements OpenBackend {
    private final MemoryJournal journal;
    private final ManualClock clock;
    private final PushTransport transport;
    private final EngineSettings settings;
    private final int partitions;
    private final List<ManualRuntime> runtimes;
    private final Engine engine;

    Open(
        MemoryJournal journal,
        ManualClock clock,
        PushTransport transport,
        EngineSettings settings,
        int partitions) {
      this.journal = journal;
      this.clock = clock;
      this.transport = transport;
      this.settings = settings;
      this.partitions = partitions;
      this.runtimes = IntStream.range(0, partitions).mapToObj(i -> new ManualRuntime()).toList();
      this.engine =
          Engine.start(
              journal,
              clock,
              List.copyOf(runtimes),
              settings,
              transport,
              new InternalMessagesJson());
    }

    @Override
    public QueueBackend backend() {
      return engine;
    }

    @Override
    public void advance(Duration duration) {
      long target = clock.millis() + duration.toMillis();
      while (true) {
        long next = Long.MAX_VALUE;
        for (ManualRuntime runtime : runtimes) {
          next = Math.min(next, runtime.nextWakeUp());
        }
        if (next > target) {
          break;
        }
        clock.advance(Duration.ofMillis(Math.max(0, next - clock.millis())));
        runtimes.forEach(r -> r.tickIfDue(clock.millis()));
      }
      clock.advance(Duration.ofMillis(target - clock.millis()));
    }

    @Override
    public OpenBackend restart() {
      journal.close();
      return new Open(journal.reopen(), clock, transport, settings, partitions);
    }

    @Override
    public void close() {
      journal.close();
    }
  }
}
