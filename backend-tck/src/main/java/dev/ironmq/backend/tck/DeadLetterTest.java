package dev.ironmq.backend.tck;

import static dev.ironmq.backend.tck.BackendHarness.done;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.backend.DeadLetterPolicy;
import dev.ironmq.backend.MessageView;
import dev.ironmq.backend.QueueChange;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.ReservedMessage;
import dev.ironmq.backend.Setting;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

public class DeadLetterTest {
  @ParameterizedTest(name = "with {0} shard(s)")
  @ValueSource(ints = {1, 2, 3})
  void aMessageReservedTooOftenMovesToTheDeadLetterQueueWithItsIdAndCount(int shards) {
    BackendHarness harness = new BackendHarness(shards);
    QueueRef q = harness.queue("jobs");
    QueueRef dlq = harness.queue("jobs-failed");
    withDeadLetterQueue(harness, q, "jobs-failed", 2);
    long id = harness.post(q, "poison").get(0);
    harness.post(q, "fine");

    harness.reserveOne(q, 5);
    harness.advanceSeconds(5);
    assertThat(harness.reserveOne(q, 5).reservedCount()).isEqualTo(2);
    harness.advanceSeconds(5);

    ReservedMessage next = harness.reserveOne(q, 5);

    assertThat(next.body()).isEqualTo("fine");
    assertThat(harness.size(q)).isEqualTo(1);
    MessageView moved = done(harness.backend.message(dlq, id));
    assertThat(moved.body()).isEqualTo("poison");
    assertThat(moved.reservedCount()).isEqualTo(2);
    assertThat(harness.size(dlq)).isEqualTo(1);
    assertThat(harness.reserveOne(dlq, 60).id()).isEqualTo(id);
  }

  @Test
  void aMovedMessageStaysMovedAfterARestart() {
    BackendHarness harness = new BackendHarness(2);
    QueueRef q = harness.queue("jobs");
    QueueRef dlq = harness.queue("dead");
    withDeadLetterQueue(harness, q, "dead", 1);
    long id = harness.post(q, "poison").get(0);
    harness.reserveOne(q, 5);
    harness.advanceSeconds(5);
    assertThat(harness.reserve(q, 1, 5)).isEmpty();

    harness.restart();

    assertThat(harness.size(q)).isZero();
    assertThat(done(harness.backend.message(dlq, id)).reservedCount()).isEqualTo(1);
  }

  @Test
  void withoutADeadLetterPolicyMessagesAreReservedForever() {
    BackendHarness harness = new BackendHarness();
    QueueRef q = harness.queue("jobs");
    harness.post(q, "m");

    for (int i = 1; i <= 20; i++) {
      assertThat(harness.reserveOne(q, 1).reservedCount()).isEqualTo(i);
      harness.advanceSeconds(1);
    }
  }

  static void withDeadLetterQueue(
      BackendHarness harness, QueueRef q, String dlq, int maxReservations) {
    done(
        harness.backend.putQueue(
            q,
            QueueChange.none()
                .withDeadLetter(Setting.set(new DeadLetterPolicy(dlq, maxReservations)))));
  }
}
