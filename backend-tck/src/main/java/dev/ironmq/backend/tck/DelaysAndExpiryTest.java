package dev.ironmq.backend.tck;

import static dev.ironmq.backend.tck.BackendHarness.done;
import static dev.ironmq.backend.tck.BackendHarness.problemOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.backend.NewMessage;
import dev.ironmq.backend.QueueBackend;
import dev.ironmq.backend.QueueChange;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.ReservationCheck;
import dev.ironmq.backend.ReservedMessage;
import dev.ironmq.backend.problem.Problem;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

public class DelaysAndExpiryTest {
  private final BackendHarness harness = new BackendHarness();
  private final QueueBackend engine = harness.backend;
  private final QueueRef q = harness.queue("q");

  @Test
  void aDelayedMessageIsHiddenUntilItsDelayEndsButCountsInSize() {
    harness.postDelayed(q, "later", 10);
    harness.post(q, "now");

    assertThat(harness.peekBodies(q)).containsExactly("now");
    assertThat(harness.size(q)).isEqualTo(2);
    harness.advanceSeconds(9);
    assertThat(harness.reserve(q, 5, 60)).extracting(ReservedMessage::body).containsExactly("now");
    harness.advanceSeconds(1);
    assertThat(harness.reserve(q, 5, 60))
        .extracting(ReservedMessage::body)
        .containsExactly("later");
  }

  @Test
  void delayedMessagesJoinTheBackInTheOrderTheyBecomeDue() {
    harness.postDelayed(q, "second", 5);
    harness.postDelayed(q, "first", 3);
    harness.post(q, "already there");

    harness.advanceSeconds(10);

    assertThat(harness.peekBodies(q)).containsExactly("already there", "first", "second");
  }

  @Test
  void messagesDisappearWhenTheirLifetimeEnds() {
    done(engine.putQueue(q, QueueChange.none().withMessageExpiration(60)));
    long id = harness.post(q, "short-lived").get(0);
    harness.advanceSeconds(30);
    harness.post(q, "younger");

    harness.advanceSeconds(30);

    assertThat(harness.size(q)).isEqualTo(1);
    assertThat(harness.peekBodies(q)).containsExactly("younger");
    assertThat(problemOf(engine.message(q, id))).isInstanceOf(Problem.MessageNotFound.class);
    assertThat(done(engine.queueInfo(q)).totalMessages()).isEqualTo(2);
  }

  @Test
  void aMessageExpiresEvenWhileReserved() {
    done(engine.putQueue(q, QueueChange.none().withMessageExpiration(10)));
    harness.post(q, "m");
    ReservedMessage reserved = harness.reserveOne(q, 60);

    harness.advanceSeconds(10);

    assertThat(harness.size(q)).isZero();
    assertThat(
            problemOf(
                engine.deleteMessage(
                    q,
                    reserved.id(),
                    Optional.of(reserved.reservationId()),
                    ReservationCheck.CURRENT_RESERVATION)))
        .isInstanceOf(Problem.MessageNotFound.class);
  }

  @Test
  void aMessageMayCarryItsOwnLifetimeAndTimeout() {
    done(engine.post(q, List.of(new NewMessage("m", 0, 5, 20, Map.of()))));

    ReservedMessage reserved = harness.reserveOne(q, 0);
    assertThat(reserved.timeoutSeconds()).isEqualTo(5);
    harness.advanceSeconds(5);
    assertThat(harness.peekBodies(q)).containsExactly("m");
    harness.advanceSeconds(15);
    assertThat(harness.size(q)).isZero();
  }

  @Test
  void expiredMessagesStayGoneAfterARestart() {
    done(engine.putQueue(q, QueueChange.none().withMessageExpiration(5)));
    long id = harness.post(q, "m").get(0);

    harness.advanceSeconds(7);
    harness.restart();

    assertThat(harness.size(q)).isZero();
    assertThat(problemOf(harness.backend.message(q, id)))
        .isInstanceOf(Problem.MessageNotFound.class);
  }

  @Test
  void postsOutsideTheLimitsAreRefusedAndChangeNothing() {
    String tooBig = "x".repeat(64 * 1024 + 1);
    List<List<NewMessage>> bad =
        List.of(
            List.of(),
            java.util.Collections.nCopies(101, NewMessage.of("m")),
            List.of(NewMessage.of(tooBig)),
            List.of(NewMessage.of("\u00e9".repeat(32 * 1024 + 1))),
            List.of(new NewMessage("m", -1, 0, 0, Map.of())),
            List.of(new NewMessage("m", 604_801, 0, 0, Map.of())),
            List.of(new NewMessage("m", 0, 0, 0, Map.of("Content-Type", "x"))),
            List.of(new NewMessage("m", 0, 0, 0, Map.of("X-Empty", ""))),
            List.of(NewMessage.of("ok"), new NewMessage("m", 0, 86_401, 0, Map.of())));
    for (List<NewMessage> messages : bad) {
      assertThat(problemOf(engine.post(q, messages)))
          .as("%d messages", messages.size())
          .isInstanceOf(Problem.InvalidRequest.class);
    }
    assertThat(problemOf(engine.queueInfo(q)))
        .as("a refused post creates no queue")
        .isInstanceOf(Problem.QueueNotFound.class);

    done(engine.post(q, List.of(NewMessage.of("x".repeat(64 * 1024)), NewMessage.of(""))));
    assertThat(harness.size(q)).isEqualTo(2);
  }
}
