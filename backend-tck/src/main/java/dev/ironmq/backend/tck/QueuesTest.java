package dev.ironmq.backend.tck;

import static dev.ironmq.backend.tck.BackendHarness.done;
import static dev.ironmq.backend.tck.BackendHarness.problemOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.backend.DeadLetterPolicy;
import dev.ironmq.backend.QueueBackend;
import dev.ironmq.backend.QueueChange;
import dev.ironmq.backend.QueueInfo;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.QueueType;
import dev.ironmq.backend.ReservedMessage;
import dev.ironmq.backend.Setting;
import dev.ironmq.backend.problem.Problem;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

public class QueuesTest {
  private final BackendHarness harness = new BackendHarness();
  private final QueueBackend engine = harness.backend;

  @Test
  void aNewQueueHasTheDefaultSettings() {
    QueueInfo info = done(engine.putQueue(harness.queue("q"), QueueChange.none()));

    assertThat(info.config().type()).isEqualTo(QueueType.PULL);
    assertThat(info.config().messageTimeoutSeconds()).isEqualTo(60);
    assertThat(info.config().messageExpirationSeconds()).isEqualTo(604_800);
    assertThat(info.config().deadLetter()).isEmpty();
    assertThat(info.size()).isZero();
    assertThat(info.totalMessages()).isZero();
  }

  @Test
  void puttingAnExistingQueueUpdatesOnlyWhatItNames() {
    QueueRef q = harness.queue("q");
    done(engine.putQueue(q, timeout(69)));
    harness.post(q, "kept");

    QueueInfo info = done(engine.putQueue(q, expiration(404)));

    assertThat(info.config().messageTimeoutSeconds()).isEqualTo(69);
    assertThat(info.config().messageExpirationSeconds()).isEqualTo(404);
    assertThat(info.size()).isEqualTo(1);
  }

  @Test
  void updatingAMissingQueueIsNotFoundAndCreatesNothing() {
    QueueRef q = harness.queue("missing");

    assertThat(problemOf(engine.updateQueue(q, timeout(30))))
        .isInstanceOf(Problem.QueueNotFound.class);
    assertThat(problemOf(engine.queueInfo(q))).isInstanceOf(Problem.QueueNotFound.class);
  }

  @Test
  void aQueueTypeCannotChange() {
    QueueRef q = harness.queue("q");
    done(engine.putQueue(q, QueueChange.none()));

    QueueChange toUnicast = QueueChange.none().withType(QueueType.UNICAST);

    assertThat(problemOf(engine.updateQueue(q, toUnicast)))
        .isInstanceOf(Problem.InvalidRequest.class);
  }

  @Test
  void outOfRangeSettingsAreRefusedAndChangeNothing() {
    QueueRef q = harness.queue("q");
    done(engine.putQueue(q, timeout(45)));

    assertThat(problemOf(engine.putQueue(q, timeout(86_401))))
        .isInstanceOf(Problem.InvalidRequest.class);
    assertThat(problemOf(engine.putQueue(q, expiration(2_592_001))))
        .isInstanceOf(Problem.InvalidRequest.class);
    assertThat(problemOf(engine.putQueue(q, deadLetter("dlq", 1001))))
        .isInstanceOf(Problem.InvalidRequest.class);
    assertThat(problemOf(engine.putQueue(q, deadLetter("q", 3))))
        .as("a queue cannot be its own dead-letter queue")
        .isInstanceOf(Problem.InvalidRequest.class);
    assertThat(done(engine.queueInfo(q)).config().messageTimeoutSeconds()).isEqualTo(45);
    assertThat(names(BackendHarness.PROJECT, Optional.empty(), "", 100)).containsExactly("q");
  }

  @Test
  void settingADeadLetterQueueCreatesItAndDefaultsItsLimit() {
    QueueRef q = harness.queue("q");

    QueueInfo info = done(engine.putQueue(q, deadLetter("q-dead", 0)));

    assertThat(info.config().deadLetter()).contains(new DeadLetterPolicy("q-dead", 10));
    assertThat(done(engine.queueInfo(harness.queue("q-dead"))).size()).isZero();
  }

  @Test
  void anEmptyDeadLetterSettingRemovesIt() {
    QueueRef q = harness.queue("q");
    done(engine.putQueue(q, deadLetter("q-dead", 3)));

    QueueChange remove = QueueChange.none().withDeadLetter(Setting.remove());

    assertThat(done(engine.updateQueue(q, remove)).config().deadLetter()).isEmpty();
  }

  @Test
  void deletingAQueueRemovesItsMessagesAndARecreatedQueueStartsEmpty() {
    QueueRef q = harness.queue("q");
    harness.post(q, "a", "b");

    done(engine.deleteQueue(q));

    assertThat(problemOf(engine.queueInfo(q))).isInstanceOf(Problem.QueueNotFound.class);
    assertThat(problemOf(engine.deleteQueue(q))).isInstanceOf(Problem.QueueNotFound.class);
    harness.post(q, "c");
    QueueInfo info = done(engine.queueInfo(q));
    assertThat(info.size()).isEqualTo(1);
    assertThat(info.totalMessages()).isEqualTo(1);
    assertThat(harness.peekBodies(q)).containsExactly("c");
  }

  @Test
  void totalMessagesCountsPostsAndNeverGoesDown() {
    QueueRef q = harness.queue("q");
    harness.post(q, "a", "b", "c");
    ReservedMessage first = harness.reserveOne(q, 60);
    harness.delete(q, first);
    done(engine.clearMessages(q));

    QueueInfo info = done(engine.queueInfo(q));
    assertThat(info.totalMessages()).isEqualTo(3);
    assertThat(info.size()).isZero();
  }

  @Test
  void listingPagesAfterPreviousInByteOrder() {
    for (String name :
        List.of("aaaaaaaa", "a", "aaa", "aa", "aaaaa", "aaaa", "aaaaaa", "aaaaaaa")) {
      done(engine.putQueue(harness.queue(name), QueueChange.none()));
    }
    String p = BackendHarness.PROJECT;

    assertThat(names(p, Optional.of("aa"), "", 4))
        .containsExactly("aaa", "aaaa", "aaaaa", "aaaaaa");
    assertThat(names(p, Optional.of("aaaaaaa"), "", 2)).containsExactly("aaaaaaaa");
    assertThat(names(p, Optional.empty(), "", 3)).containsExactly("a", "aa", "aaa");
    assertThat(names(p, Optional.of("ab"), "", 30)).isEmpty();
  }

  @Test
  void listingFiltersByPrefix() {
    for (String name : List.of("abba", "abbca", "abbcb", "abbcd", "abbdd")) {
      done(engine.putQueue(harness.queue(name), QueueChange.none()));
    }

    assertThat(names(BackendHarness.PROJECT, Optional.empty(), "abbc", 30))
        .containsExactly("abbca", "abbcb", "abbcd");
    assertThat(names(BackendHarness.PROJECT, Optional.of("abbca"), "abbc", 30))
        .containsExactly("abbcb", "abbcd");
  }

  @Test
  void listingClampsThePageSizeAndSeesOnlyItsProject() {
    for (int i = 0; i < 120; i++) {
      done(engine.putQueue(harness.queue(String.format("q%03d", i)), QueueChange.none()));
    }
    done(engine.putQueue(QueueRef.of("ffffffffffffffffffffffff", "other"), QueueChange.none()));

    assertThat(names(BackendHarness.PROJECT, Optional.empty(), "", 101)).hasSize(100);
    assertThat(names(BackendHarness.PROJECT, Optional.empty(), "", 0)).hasSize(30);
    assertThat(names(BackendHarness.PROJECT, Optional.empty(), "other", 30)).isEmpty();
  }

  private static QueueChange timeout(int seconds) {
    return QueueChange.none().withMessageTimeout(seconds);
  }

  private static QueueChange expiration(int seconds) {
    return QueueChange.none().withMessageExpiration(seconds);
  }

  private static QueueChange deadLetter(String queue, int maxReservations) {
    return QueueChange.none()
        .withDeadLetter(Setting.set(new DeadLetterPolicy(queue, maxReservations)));
  }

  private List<String> names(
      String project, Optional<String> previous, String prefix, int perPage) {
    return done(engine.listQueues(project, previous, prefix, perPage));
  }
}
