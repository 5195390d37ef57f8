package dev.ironmq.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.backend.DeliveryStatus;
import dev.ironmq.backend.NewMessage;
import dev.ironmq.backend.ProjectRecord;
import dev.ironmq.backend.PushAttempt;
import dev.ironmq.backend.PushChange;
import dev.ironmq.backend.PushOutcome;
import dev.ironmq.backend.PushTransport;
import dev.ironmq.backend.QueueChange;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.Subscriber;
import dev.ironmq.backend.TokenRecord;
import dev.ironmq.backend.tck.ManualClock;
import dev.ironmq.http.InternalMessagesJson;
import dev.ironmq.store.DeliveryRecord;
import dev.ironmq.store.JournalVisitor;
import dev.ironmq.store.MessageRecord;
import dev.ironmq.store.MessageState;
import dev.ironmq.store.QueueRecord;
import dev.ironmq.store.memory.MemoryJournal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * What the embedded engine removes from its journal, beyond what the backend contract can see:
 * messages that expire in queues nobody touches, and delivered push messages once their retention
 * ends, are deleted from the journal too, not only from memory.
 */
class JournalCleanupTest {
  private final ManualClock clock = new ManualClock(1_764_000_000_000L);
  private final MemoryJournal journal = new MemoryJournal();
  private final ManualRuntime runtime = new ManualRuntime();
  private final QueueRef q = QueueRef.of("5a0c1b2d3e4f5a6b7c8d9e0f", "jobs");

  @Test
  void anExpiredMessageInAQueueNobodyTouchesIsDeletedFromTheJournal() {
    Engine engine = start(PushTransport.NONE);
    engine.putQueue(q, QueueChange.none().withMessageExpiration(5)).join();
    engine.post(q, List.of(NewMessage.of("m"))).join();
    assertThat(storedMessages()).isEqualTo(1);

    advance(Duration.ofSeconds(7));

    assertThat(storedMessages()).isZero();
  }

  @Test
  void aDeliveredPushMessageIsDeletedFromTheJournalWhenItsRetentionEnds() {
    Engine engine = start(new AlwaysDelivers());
    engine
        .putQueue(
            q,
            QueueChange.none()
                .withPush(
                    new PushChange(
                        Optional.of(
                            List.of(new Subscriber("a", "http://subscriber.test/a", Map.of()))),
                        OptionalInt.empty(),
                        OptionalInt.empty(),
                        Optional.empty())))
        .join();
    long id = engine.post(q, List.of(NewMessage.of("m"))).join().get(0);
    assertThat(engine.pushStatuses(q, id).join().get(0).status())
        .isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(storedMessages()).isEqualTo(1);

    advance(Duration.ofSeconds(61));

    assertThat(storedMessages()).isZero();
  }

  private Engine start(PushTransport transport) {
    return Engine.start(
        journal,
        clock,
        List.of(runtime),
        new EngineSettings(64 * 1024, Duration.ofMinutes(1)),
        transport,
        new InternalMessagesJson());
  }

  private void advance(Duration duration) {
    long target = clock.millis() + duration.toMillis();
    while (runtime.nextWakeUp() <= target) {
      clock.advance(Duration.ofMillis(Math.max(0, runtime.nextWakeUp() - clock.millis())));
      runtime.tickIfDue(clock.millis());
    }
    clock.advance(Duration.ofMillis(target - clock.millis()));
  }

  private long storedMessages() {
    long[] count = {0};
    journal.scan(
        new JournalVisitor() {
          @Override
          public void sequence(String name, long value) {}

          @Override
          public void project(ProjectRecord project) {}

          @Override
          public void token(TokenRecord token) {}

          @Override
          public void queue(QueueRecord queue, long totalMessages) {}

          @Override
          public void message(
              MessageRecord message,
              Optional<MessageState> state,
              List<DeliveryRecord> deliveries) {
            count[0]++;
          }
        });
    return count[0];
  }

  /** A transport whose every attempt is delivered at once. */
  private static final class AlwaysDelivers implements PushTransport {
    @Override
    public void deliver(PushAttempt attempt, Consumer<PushOutcome> outcome) {
      outcome.accept(new PushOutcome.Delivered(200));
    }

    @Override
    public Optional<String> refusal(String url) {
      return Optional.empty();
    }
  }
}
