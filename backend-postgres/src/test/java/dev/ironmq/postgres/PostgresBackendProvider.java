package dev.ironmq.postgres;

import dev.ironmq.backend.CommitObserver;
import dev.ironmq.backend.MessageEvents;
import dev.ironmq.backend.PushTransport;
import dev.ironmq.backend.QueueBackend;
import dev.ironmq.backend.tck.BackendProvider;
import dev.ironmq.backend.tck.ManualClock;
import dev.ironmq.backend.tck.OpenBackend;
import dev.ironmq.http.InternalMessagesJson;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The PostgreSQL backend for the backend contract suite: one node on a fresh database, emptied
 * before each test, on a clock the test moves. Moving it runs what falls due, and waits for the
 * node's own work (which runs on the database's connections) to end before the test looks.
 */
public final class PostgresBackendProvider implements BackendProvider {
  private static final Vertx VERTX = Vertx.vertx();

  /** The backend opened last: tests that do not close theirs leave it to the next one. */
  private static Open last;

  @Override
  public OpenBackend open(
      ManualClock clock,
      PushTransport transport,
      int maxMessageBytes,
      Duration pushRetention,
      int partitions,
      MessageEvents events) {
    synchronized (PostgresBackendProvider.class) {
      if (last != null) {
        last.close();
      }
      TestDatabase database = TestDatabase.get();
      database.empty();
      last = new Open(database, clock, transport, maxMessageBytes, pushRetention, events);
      return last;
    }
  }

  private static final class Open implements OpenBackend {
    private final TestDatabase database;
    private final ManualClock clock;
    private final PushTransport transport;
    private final int maxMessageBytes;
    private final Duration pushRetention;
    private final MessageEvents events;
    private final ManualClockwork clockwork;
    private final PostgresNode node;

    Open(
        TestDatabase database,
        ManualClock clock,
        PushTransport transport,
        int maxMessageBytes,
        Duration pushRetention,
        MessageEvents events) {
      this.database = database;
      this.events = events;
      this.clock = clock;
      this.transport = transport;
      this.maxMessageBytes = maxMessageBytes;
      this.pushRetention = pushRetention;
      this.clockwork = new ManualClockwork(clock);
      this.node =
          PostgresNode.start(
              database.url(),
              4,
              VERTX,
              clockwork,
              transport,
              new InternalMessagesJson(),
              new PostgresSettings(
                  "test-" + UUID.randomUUID(),
                  maxMessageBytes,
                  pushRetention,
                  60_000,
                  Duration.ZERO,
                  events,
                  CommitObserver.NONE));
      settle();
    }

    @Override
    public QueueBackend backend() {
      return node.backend();
    }

    @Override
    public void advance(Duration duration) {
      long target = clock.millis() + duration.toMillis();
      settle();
      while (clockwork.next() <= target) {
        long next = clockwork.next();
        clock.advance(Duration.ofMillis(Math.max(0, next - clock.millis())));
        settle();
      }
      clock.advance(Duration.ofMillis(target - clock.millis()));
      settle();
    }

    /** Runs what is due now and waits for the node's work, until nothing is left of either. */
    @Override
    public void settle() {
      do {
        try {
          node.backend().work().idle().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
          throw new AssertionError("the backend's own work did not end within 10 s", e);
        }
      } while (clockwork.runDue());
    }

    @Override
    public OpenBackend restart() {
      node.close();
      synchronized (PostgresBackendProvider.class) {
        last = new Open(database, clock, transport, maxMessageBytes, pushRetention, events);
        return last;
      }
    }

    @Override
    public void close() {
      node.close();
    }
  }
}
