package dev.ironmq.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ironmq.backend.CommitObserver;
import dev.ironmq.backend.NewMessage;
import dev.ironmq.backend.QueueRef;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Group commit: what goes into one call, and how each post gets its own answer. */
class PostBatcherTest {
  private static final QueueRef ORDERS = QueueRef.of("p", "orders");
  private static final QueueRef MAIL = QueueRef.of("p", "mail");

  /** A write that holds each call until the test answers it, numbering ids from 1. */
  private final List<Call> calls = new ArrayList<>();

  private long nextId = 1;

  private record Call(QueueRef ref, List<NewMessage> messages, CompletableFuture<List<Long>> ids) {}

  /** What the commit observer heard: "begin N" and "end ok"/"end failed", in order. */
  private final List<String> observed = new ArrayList<>();

  private final PostBatcher batcher =
      new PostBatcher(
          (ref, messages) -> {
            Call call = new Call(ref, List.copyOf(messages), new CompletableFuture<>());
            calls.add(call);
            return call.ids();
          },
          posts -> {
            observed.add("begin " + posts);
            return ok -> observed.add(ok ? "end ok" : "end failed");
          });

  private void answer(int call) {
    Call c = calls.get(call);
    List<Long> ids = new ArrayList<>();
    c.messages().forEach(m -> ids.add(nextId++));
    c.ids().complete(ids);
  }

  private static List<NewMessage> bodies(String... bodies) {
    return java.util.Arrays.stream(bodies).map(NewMessage::of).toList();
  }

  @Test
  void aPostToAnIdleQueueIsSentAtOnceAndAlone() {
    CompletableFuture<List<Long>> ids = batcher.post(ORDERS, bodies("a", "b"));

    assertThat(calls).hasSize(1);
    answer(0);
    assertThat(ids.join()).containsExactly(1L, 2L);
  }

  @Test
  void postsArrivingDuringAWriteGoTogetherInTheNextCallAndEachGetsItsOwnIds() {
    CompletableFuture<List<Long>> first = batcher.post(ORDERS, bodies("a"));
    CompletableFuture<List<Long>> second = batcher.post(ORDERS, bodies("b", "c"));
    CompletableFuture<List<Long>> third = batcher.post(ORDERS, bodies("d"));
    assertThat(calls).hasSize(1);
    assertThat(second).isNotDone();

    answer(0);
    assertThat(first.join()).containsExactly(1L);
    assertThat(calls).hasSize(2);
    assertThat(calls.get(1).messages()).extracting(NewMessage::body).containsExactly("b", "c", "d");

    answer(1);
    assertThat(second.join()).containsExactly(2L, 3L);
    assertThat(third.join()).containsExactly(4L);
    assertThat(observed)
        .as("each call is one commit of the posts it carries")
        .containsExactly("begin 1", "end ok", "begin 2", "end ok");
  }

  @Test
  void queuesDoNotWaitForEachOther() {
    batcher.post(ORDERS, bodies("a"));
    CompletableFuture<List<Long>> mail = batcher.post(MAIL, bodies("m"));

    assertThat(calls).extracting(Call::ref).containsExactly(ORDERS, MAIL);
    answer(1);
    assertThat(mail.join()).containsExactly(1L);
  }

  @Test
  void aCallCarriesAtMostAThousandMessagesButNeverSplitsAPost() {
    batcher.post(ORDERS, bodies("first"));
    String[] hundred = IntStream.range(0, 100).mapToObj(i -> "m" + i).toArray(String[]::new);
    for (int i = 0; i < 11; i++) {
      batcher.post(ORDERS, bodies(hundred));
    }

    answer(0);
    assertThat(calls.get(1).messages()).hasSize(1_000);
    answer(1);
    assertThat(calls.get(2).messages()).hasSize(100);
  }

  @Test
  void aFailedCallFailsEveryPostInItAndTheQueueGoesOn() {
    batcher.post(ORDERS, bodies("a"));
    CompletableFuture<List<Long>> second = batcher.post(ORDERS, bodies("b"));
    CompletableFuture<List<Long>> third = batcher.post(ORDERS, bodies("c"));
    answer(0);

    calls.get(1).ids().completeExceptionally(new IllegalStateException("database gone"));
    assertThatThrownBy(second::join)
        .isInstanceOf(CompletionException.class)
        .hasRootCauseMessage("database gone");
    assertThatThrownBy(third::join).hasRootCauseMessage("database gone");

    CompletableFuture<List<Long>> later = batcher.post(ORDERS, bodies("d"));
    assertThat(calls).hasSize(3);
    answer(2);
    assertThat(later.join()).hasSize(1);
  }

  @Test
  void aWriteThatThrowsFailsItsPostsWithoutStallingTheQueue() {
    List<Boolean> throwNext = new ArrayList<>(List.of(true));
    PostBatcher throwing =
        new PostBatcher(
            (ref, messages) -> {
              if (!throwNext.isEmpty() && throwNext.remove(0)) {
                throw new IllegalStateException("refused");
              }
              return CompletableFuture.completedFuture(List.of(7L));
            },
            CommitObserver.NONE);

    assertThatThrownBy(throwing.post(ORDERS, bodies("a"))::join).hasRootCauseMessage("refused");
    assertThat(throwing.post(ORDERS, bodies("b")).join()).containsExactly(7L);
  }
}
