package dev.ironmq.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.backend.MessageEvents;
import dev.ironmq.backend.NewMessage;
import dev.ironmq.backend.PushTransport;
import dev.ironmq.backend.QueueBackend;
import dev.ironmq.backend.QueueChange;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.ReserveRequest;
import dev.ironmq.backend.tck.ManualClock;
import dev.ironmq.backend.tck.OpenBackend;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * What only the embedded engine tells (it sees reservations end and messages expire as they happen;
 * on PostgreSQL both are implicit in a later query): timeouts and expiries.
 */
class EngineMessageEventsTest {
  private final Map<MessageEvents.Kind, Integer> told = new ConcurrentHashMap<>();
  private final ManualClock clock = new ManualClock(1_764_000_000_000L);
  private final OpenBackend open =
      new EmbeddedBackendProvider()
          .open(
              clock,
              PushTransport.NONE,
              65_536,
              Duration.ofMinutes(1),
              1,
              (queue, kind, count) -> told.merge(kind, count, Integer::sum));
  private final QueueBackend engine = open.backend();
  private final QueueRef q = QueueRef.of("5a0c1b2d3e4f5a6b7c8d9e0f", "events");

  @Test
  void aReservationThatEndsIsToldAsATimeout() throws Exception {
    engine.post(q, List.of(NewMessage.of("a"), NewMessage.of("b"))).get();
    engine.reserve(q, new ReserveRequest(2, 30, 0, false)).result().get();

    open.advance(Duration.ofSeconds(31));
    engine.queueInfo(q).get();

    assertThat(told).containsEntry(MessageEvents.Kind.TIMED_OUT, 2);
  }

  @Test
  void aMessageWhoseLifetimeEndsIsToldAsExpired() throws Exception {
    engine.putQueue(q, QueueChange.none().withMessageExpiration(60)).get();
    engine.post(q, List.of(NewMessage.of("a"))).get();

    open.advance(Duration.ofSeconds(60));
    engine.queueInfo(q).get();

    assertThat(told).containsEntry(MessageEvents.Kind.EXPIRED, 1);
    assertThat(told).doesNotContainKey(MessageEvents.Kind.TIMED_OUT);
  }
}
