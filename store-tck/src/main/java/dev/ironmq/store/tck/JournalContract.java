package dev.ironmq.store.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ironmq.backend.AlertKind;
import dev.ironmq.backend.AlertRecord;
import dev.ironmq.backend.AttemptResult;
import dev.ironmq.backend.DeadLetterPolicy;
import dev.ironmq.backend.DeliveryStatus;
import dev.ironmq.backend.ProjectRecord;
import dev.ironmq.backend.PushPolicy;
import dev.ironmq.backend.QueueConfig;
import dev.ironmq.backend.QueueType;
import dev.ironmq.backend.StatsCounts;
import dev.ironmq.backend.StatsPoint;
import dev.ironmq.backend.StatsStep;
import dev.ironmq.backend.Subscriber;
import dev.ironmq.backend.TokenRecord;
import dev.ironmq.store.Batch;
import dev.ironmq.store.DeliveryRecord;
import dev.ironmq.store.Journal;
import dev.ironmq.store.MessageRecord;
import dev.ironmq.store.MessageState;
import dev.ironmq.store.QueueRecord;
import dev.ironmq.store.tck.JournalContents.ScannedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link Journal} must have. A store's test class extends this and says how to
 * open a fresh store and how to open it again after closing it, as a restart would.
 */
public abstract class JournalContract {
  protected static final String PROJECT = "5a0c1b2d3e4f5a6b7c8d9e0f";
  private static final long T0 = 1_764_000_000_000L;

  private Journal store;

  /** A new, empty store. */
  protected abstract Journal openJournal() throws Exception;

  /** Closes the given store and opens one over the same contents, as a restart would. */
  protected abstract Journal restart(Journal closing) throws Exception;

  @BeforeEach
  void open() throws Exception {
    store = openJournal();
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void anEmptyStoreScansNothing() {
    JournalContents contents = JournalContents.of(store);

    assertThat(contents.queues).isEmpty();
    assertThat(contents.projects).isEmpty();
    assertThat(contents.tokens).isEmpty();
    assertThat(contents.sequences).isEmpty();
  }

  @Test
  void messagesComeBackUnderTheirQueueInIdOrderWithTheirState() {
    QueueRecord queue = queue(7, "orders");
    MessageState reserved = new MessageState(7, 101, 2, "a".repeat(32), T0 + 60_000);
    commit(
        new Batch()
            .queuePut(queue)
            .messagePut(message(7, 102, "second"))
            .messagePut(message(7, 101, "first"))
            .messageStatePut(reserved)
            .queueCounterPut(7, 2));

    JournalContents.ScannedQueue scanned = JournalContents.of(store).queue(7);

    assertThat(scanned.queue()).isEqualTo(queue);
    assertThat(scanned.totalMessages()).isEqualTo(2);
    assertThat(scanned.messages())
        .containsExactly(
            new ScannedMessage(message(7, 101, "first"), Optional.of(reserved)),
            new ScannedMessage(message(7, 102, "second"), Optional.empty()));
  }

  @Test
  void theLastStateWrittenForAMessageWins() {
    commit(new Batch().queuePut(queue(1, "q")).messagePut(message(1, 5, "m")));
    commit(new Batch().messageStatePut(new MessageState(1, 5, 1, "r1", T0 + 1000)));
    MessageState released = new MessageState(1, 5, 1, "", T0 + 5000);
    commit(new Batch().messageStatePut(released));

    assertThat(JournalContents.of(store).queue(1).messages())
        .containsExactly(new ScannedMessage(message(1, 5, "m"), Optional.of(released)));
  }

  @Test
  void deletingAMessageRemovesItAndItsState() {
    commit(
        new Batch()
            .queuePut(queue(1, "q"))
            .messagePut(message(1, 5, "gone"))
            .messagePut(message(1, 6, "kept"))
            .messageStatePut(new MessageState(1, 5, 1, "r", T0)));
    commit(new Batch().messageDelete(1, 5));

    assertThat(JournalContents.of(store).queue(1).messages())
        .extracting(m -> m.message().body())
        .containsExactly("kept");
  }

  @Test
  void clearingAQueueRemovesItsMessagesButKeepsTheQueueAndLaterMessages() {
    commit(
        new Batch()
            .queuePut(queue(1, "q"))
            .queuePut(queue(2, "other"))
            .messagePut(message(1, 5, "old"))
            .messageStatePut(new MessageState(1, 5, 1, "r", T0))
            .messagePut(message(2, 6, "other queue"))
            .queueCounterPut(1, 1));
    commit(new Batch().messagesClear(1).messagePut(message(1, 9, "new")));

    JournalContents contents = JournalContents.of(store);
    assertThat(contents.queue(1).totalMessages()).isEqualTo(1);
    assertThat(contents.queue(1).messages())
        .containsExactly(new ScannedMessage(message(1, 9, "new"), Optional.empty()));
    assertThat(contents.queue(2).messages()).hasSize(1);
  }

  @Test
  void deletingAQueueRemovesItsMessagesAndCounter() {
    commit(
        new Batch()
            .queuePut(queue(1, "q"))
            .messagePut(message(1, 5, "m"))
            .queueCounterPut(1, 1)
            .queuePut(queue(2, "q2"))
            .messagePut(message(2, 6, "m2")));
    commit(new Batch().queueDelete(1));

    JournalContents contents = JournalContents.of(store);
    assertThat(contents.queues).extracting(q -> q.queue().queueId()).containsExactly(2L);
    assertThat(contents.queue(2).messages()).hasSize(1);

    commit(new Batch().queuePut(queue(3, "q")));
    assertThat(JournalContents.of(store).queue(3).messages()).isEmpty();
    assertThat(JournalContents.of(store).queue(3).totalMessages()).isZero();
  }

  @Test
  void mutationsOfOneBatchApplyInOrder() {
    commit(
        new Batch()
            .queuePut(queue(1, "q"))
            .messagePut(message(1, 5, "put then deleted"))
            .messageDelete(1, 5)
            .messageDelete(1, 6)
            .messagePut(message(1, 6, "deleted then put")));

    assertThat(JournalContents.of(store).queue(1).messages())
        .extracting(m -> m.message().body())
        .containsExactly("deleted then put");
  }

  @Test
  void queueRecordsKeepEveryPartOfTheirConfig() {
    QueueRecord pull =
        new QueueRecord(
            1,
            PROJECT,
            "with dead letters",
            new QueueConfig(
                QueueType.PULL,
                30,
                3600,
                Optional.of(new DeadLetterPolicy("dlq", 3)),
                Optional.empty(),
                List.of(
                    new AlertRecord("a1", AlertKind.PROGRESSIVE, false, 10, "alerts", 60),
                    new AlertRecord("a2", AlertKind.FIXED, true, 3, "alerts", 0),
                    new AlertRecord("a3", AlertKind.AGE, false, 300, "alerts", 600))),
            T0);
    QueueRecord push =
        new QueueRecord(
            2,
            PROJECT,
            "push: ünïcode +&/",
            new QueueConfig(
                QueueType.MULTICAST,
                60,
                604800,
                Optional.empty(),
                Optional.of(
                    new PushPolicy(
                        List.of(
                            new Subscriber("a", "http://127.0.0.1:9/x", Map.of("X-Key", "v")),
                            new Subscriber("b", "ironmq:///copy", Map.of())),
                        3,
                        60,
                        "errors")),
                List.of(new AlertRecord("a4", AlertKind.FAILURE_RATE, false, 50, "alerts", 0))),
            T0);
    commit(new Batch().queuePut(pull).queuePut(push));

    JournalContents contents = JournalContents.of(store);
    assertThat(contents.queue(1).queue()).isEqualTo(pull);
    assertThat(contents.queue(2).queue()).isEqualTo(push);

    QueueRecord renamed = new QueueRecord(1, PROJECT, "renamed", pull.config(), T0);
    commit(new Batch().queuePut(renamed));
    assertThat(JournalContents.of(store).queue(1).queue()).isEqualTo(renamed);
  }

  @Test
  void messageRecordsKeepEveryField() {
    String big = "x".repeat(64 * 1024);
    MessageRecord full =
        new MessageRecord(
            1,
            Long.MAX_VALUE - 1,
            "héllo \u2603 \"quoted\"\n" + big,
            T0,
            T0 + 604_800_000L,
            T0 + 10_000,
            45,
            Map.of("X-Trace", "abc", "Content-Type", "text/plain"));
    MessageRecord empty = new MessageRecord(1, 3, "", T0, T0 + 1, T0, 0, Map.of());
    commit(new Batch().queuePut(queue(1, "q")).messagePut(full).messagePut(empty));

    assertThat(JournalContents.of(store).queue(1).messages())
        .extracting(ScannedMessage::message)
        .containsExactly(empty, full);
  }

  @Test
  void deliveriesComeBackWithTheirMessageAndTheLastWriteWins() {
    DeliveryRecord queued = delivery(1, 5, "billing", DeliveryStatus.QUEUED, 0);
    DeliveryRecord other = delivery(1, 5, "audit", DeliveryStatus.QUEUED, 0);
    DeliveryRecord unicast =
        new DeliveryRecord(
            1,
            6,
            "",
            DeliveryStatus.RETRYING,
            3,
            1,
            2,
            T0,
            T0 + 60_000,
            "r".repeat(32),
            List.of(
                new AttemptResult("a", 503, "Service Unavailable"),
                new AttemptResult("b", 0, "connection refused")));
    commit(
        new Batch()
            .queuePut(queue(1, "push"))
            .messagePut(message(1, 5, "multi"))
            .messagePut(message(1, 6, "uni"))
            .deliveryPut(queued)
            .deliveryPut(other)
            .deliveryPut(unicast));
    DeliveryRecord delivered = delivery(1, 5, "billing", DeliveryStatus.DELIVERED, 1);
    commit(new Batch().deliveryPut(delivered));

    List<ScannedMessage> messages = JournalContents.of(store).queue(1).messages();

    assertThat(messages.get(0).deliveries()).containsExactly(other, delivered);
    assertThat(messages.get(1).deliveries()).containsExactly(unicast);
  }

  @Test
  void deletingOrClearingMessagesRemovesTheirDeliveries() {
    commit(
        new Batch()
            .queuePut(queue(1, "push"))
            .messagePut(message(1, 5, "a"))
            .deliveryPut(delivery(1, 5, "s", DeliveryStatus.QUEUED, 0))
            .messagePut(message(1, 6, "b"))
            .deliveryPut(delivery(1, 6, "s", DeliveryStatus.QUEUED, 0)));
    commit(new Batch().messageDelete(1, 5));
    commit(new Batch().messagePut(message(1, 5, "a again")));
    assertThat(JournalContents.of(store).queue(1).messages().get(0).deliveries()).isEmpty();

    commit(new Batch().messagesClear(1).messagePut(message(1, 6, "b again")));
    assertThat(JournalContents.of(store).queue(1).messages().get(0).deliveries()).isEmpty();
  }

  @Test
  void projectsTokensAndSequencesAreKept() {
    ProjectRecord project = new ProjectRecord(PROJECT, "demo", T0);
    TokenRecord token = new TokenRecord("ab".repeat(32), Set.of(PROJECT), false, "app", T0);
    TokenRecord admin = new TokenRecord("cd".repeat(32), Set.of(), true, "admin", T0);
    commit(
        new Batch()
            .projectPut(project)
            .tokenPut(token)
            .tokenPut(admin)
            .sequenceRaise("message_id", 10));
    commit(new Batch().sequenceRaise("message_id", 7).tokenDelete(admin.tokenHash()));

    JournalContents contents = JournalContents.of(store);
    assertThat(contents.projects).containsExactly(project);
    assertThat(contents.tokens).containsExactly(token);
    assertThat(contents.sequences).containsEntry("message_id", 10L);
  }

  @Test
  void scanVisitsGlobalRecordsFirstThenEachQueueWithItsMessages() {
    commit(
        new Batch()
            .queuePut(queue(2, "b"))
            .messagePut(message(2, 20, "b1"))
            .queuePut(queue(1, "a"))
            .messagePut(message(1, 10, "a1"))
            .projectPut(new ProjectRecord(PROJECT, "p", T0))
            .tokenPut(new TokenRecord("ef".repeat(32), Set.of(PROJECT), false, "", T0))
            .sequenceRaise("queue_id", 2));

    JournalContents contents = JournalContents.of(store);
    assertThat(contents.visitOrder())
        .containsExactly("sequence", "project", "token", "queue", "message", "queue", "message");
    for (JournalContents.ScannedQueue queue : contents.queues) {
      assertThat(queue.messages())
          .allSatisfy(m -> assertThat(m.message().queueId()).isEqualTo(queue.queue().queueId()));
    }
  }

  @Test
  void everythingSurvivesARestart() throws Exception {
    commit(
        new Batch()
            .projectPut(new ProjectRecord(PROJECT, "p", T0))
            .queuePut(queue(1, "q"))
            .messagePut(message(1, 5, "durable"))
            .messageStatePut(new MessageState(1, 5, 1, "r", T0 + 30_000))
            .queueCounterPut(1, 1)
            .sequenceRaise("message_id", 5));
    JournalContents before = JournalContents.of(store);

    store = restart(store);

    JournalContents after = JournalContents.of(store);
    assertThat(after.queues).isEqualTo(before.queues);
    assertThat(after.projects).isEqualTo(before.projects);
    assertThat(after.sequences).isEqualTo(before.sequences);
  }

  @Test
  void concurrentCommitsAreAllAppliedAndAllComplete() throws Exception {
    commit(new Batch().queuePut(queue(1, "q")));
    int threads = 8;
    int perThread = 200;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<CompletableFuture<Void>>>> submitted = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        long base = 1000L * (t + 1);
        submitted.add(
            pool.submit(
                () -> {
                  List<CompletableFuture<Void>> futures = new ArrayList<>();
                  for (int i = 0; i < perThread; i++) {
                    futures.add(store.commit(new Batch().messagePut(message(1, base + i, "m"))));
                  }
                  return futures;
                }));
      }
      for (Future<List<CompletableFuture<Void>>> f : submitted) {
        for (CompletableFuture<Void> commit : f.get(30, TimeUnit.SECONDS)) {
          commit.get(30, TimeUnit.SECONDS);
        }
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(JournalContents.of(store).queue(1).messages()).hasSize(threads * perThread);
  }

  @Test
  void aQueuesHistoryIsReadBackByStepInTimeOrderAndSurvivesARestart() throws Exception {
    StatsCounts first = new StatsCounts(3, 4, 1, 0, 0, 0);
    StatsCounts second = new StatsCounts(2, 0, 1, 1, 0, 0);
    StatsCounts hour = first.plus(second);
    commit(
        new Batch()
            .queuePut(queue(7, "orders"))
            .statsPut(7, StatsStep.MINUTE, T0 + 60_000, second)
            .statsPut(7, StatsStep.MINUTE, T0, first)
            .statsPut(7, StatsStep.HOUR, T0, hour)
            .statsPut(8, StatsStep.MINUTE, T0, StatsCounts.ZERO));

    store = restart(store);

    assertThat(store.stats(7, StatsStep.MINUTE, T0, T0 + 120_000))
        .containsExactly(new StatsPoint(T0, first), new StatsPoint(T0 + 60_000, second));
    assertThat(store.stats(7, StatsStep.MINUTE, T0 + 1, T0 + 120_000))
        .as("from is inclusive, periods are keyed by their start")
        .containsExactly(new StatsPoint(T0 + 60_000, second));
    assertThat(store.stats(7, StatsStep.MINUTE, T0, T0 + 60_000))
        .as("to is exclusive")
        .containsExactly(new StatsPoint(T0, first));
    assertThat(store.stats(7, StatsStep.HOUR, 0, Long.MAX_VALUE))
        .containsExactly(new StatsPoint(T0, hour));
    assertThat(JournalContents.of(store).queue(7).queue()).isEqualTo(queue(7, "orders"));
  }

  @Test
  void aPeriodWrittenAgainIsReplaced() {
    commit(new Batch().statsPut(7, StatsStep.MINUTE, T0, new StatsCounts(1, 1, 0, 0, 0, 0)));
    commit(new Batch().statsPut(7, StatsStep.MINUTE, T0, new StatsCounts(2, 2, 0, 0, 0, 0)));

    assertThat(store.stats(7, StatsStep.MINUTE, T0, T0 + 1))
        .containsExactly(new StatsPoint(T0, new StatsCounts(2, 2, 0, 0, 0, 0)));
  }

  @Test
  void forgettingRemovesTheEarlierPeriodsOfOneStepOnly() {
    StatsCounts counts = new StatsCounts(1, 1, 0, 0, 0, 0);
    Batch batch = new Batch();
    for (int minute = 0; minute < 5; minute++) {
      batch.statsPut(7, StatsStep.MINUTE, T0 + minute * 60_000L, counts);
    }
    commit(batch.statsPut(7, StatsStep.HOUR, T0, counts));

    commit(new Batch().statsForget(7, StatsStep.MINUTE, T0 + 180_000));

    assertThat(store.stats(7, StatsStep.MINUTE, 0, Long.MAX_VALUE))
        .extracting(StatsPoint::at)
        .containsExactly(T0 + 180_000, T0 + 240_000);
    assertThat(store.stats(7, StatsStep.HOUR, 0, Long.MAX_VALUE)).hasSize(1);
  }

  @Test
  void deletingAQueueDeletesItsHistory() {
    StatsCounts counts = new StatsCounts(1, 1, 0, 0, 0, 0);
    commit(
        new Batch()
            .queuePut(queue(7, "gone"))
            .queuePut(queue(8, "kept"))
            .statsPut(7, StatsStep.MINUTE, T0, counts)
            .statsPut(7, StatsStep.HOUR, T0, counts)
            .statsPut(8, StatsStep.MINUTE, T0, counts));

    commit(new Batch().queueDelete(7));

    assertThat(store.stats(7, StatsStep.MINUTE, 0, Long.MAX_VALUE)).isEmpty();
    assertThat(store.stats(7, StatsStep.HOUR, 0, Long.MAX_VALUE)).isEmpty();
    assertThat(store.stats(8, StatsStep.MINUTE, 0, Long.MAX_VALUE)).hasSize(1);
    assertThat(JournalContents.of(store).queues)
        .extracting(q -> q.queue().queueId())
        .containsExactly(8L);
  }

  @Test
  void aCommitAfterCloseFails() {
    store.close();

    CompletableFuture<Void> commit = store.commit(new Batch().queuePut(queue(1, "q")));

    assertThatThrownBy(() -> commit.get(10, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class);
  }

  protected final void commit(Batch batch) {
    try {
      store.commit(batch).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("commit failed", e);
    }
  }

  protected static QueueRecord queue(long id, String name) {
    return new QueueRecord(
        id,
        PROJECT,
        name,
        new QueueConfig(QueueType.PULL, 60, 604800, Optional.empty(), Optional.empty(), List.of()),
        T0);
  }

  protected static DeliveryRecord delivery(
      long queueId, long messageId, String subscriber, DeliveryStatus status, int tries) {
    return new DeliveryRecord(
        queueId,
        messageId,
        subscriber,
        status,
        tries,
        0,
        0,
        tries == 0 ? 0 : T0,
        T0,
        tries == 0 ? "" : "a".repeat(32),
        tries == 0 ? List.of() : List.of(new AttemptResult(subscriber, 200, "OK")));
  }

  protected static MessageRecord message(long queueId, long id, String body) {
    return new MessageRecord(queueId, id, body, T0, T0 + 604_800_000L, T0, 0, Map.of());
  }
}
