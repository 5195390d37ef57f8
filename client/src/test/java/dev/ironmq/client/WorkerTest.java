package dev.ironmq.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WorkerTest {
  @RegisterExtension static final ServerFixture server = new ServerFixture();

  private final IronMq mq = server.client();

  @Test
  void everyMessageIsHandledOnceAndDeleted() throws Exception {
    Queue queue = mq.queue("jobs");
    List<NewMessage> messages = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      messages.add(NewMessage.of("job " + i));
    }
    queue.post(messages.subList(0, 100));
    queue.post(messages.subList(100, 200));
    queue.post(messages.subList(200, 300));
    Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
    CountDownLatch all = new CountDownLatch(300);

    Worker worker =
        queue
            .worker(
                m -> {
                  handled.computeIfAbsent(m.body(), b -> new AtomicInteger()).incrementAndGet();
                  all.countDown();
                })
            .threads(4)
            .waitSeconds(1)
            .start();
    try {
      assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
      awaitEmpty(queue);
    } finally {
      worker.stop(Duration.ofSeconds(5));
    }

    assertThat(handled).hasSize(300);
    assertThat(handled.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
  }

  @Test
  void aFailedMessageIsReleasedAndHandledAgainAfterTheDelay() throws Exception {
    Queue queue = mq.queue("flaky");
    queue.post("fails once");
    List<Integer> attempts = new CopyOnWriteArrayList<>();
    CountDownLatch succeeded = new CountDownLatch(1);

    Worker worker =
        queue
            .worker(
                m -> {
                  attempts.add(m.reservedCount());
                  if (m.reservedCount() == 1) {
                    throw new IllegalStateException("not yet");
                  }
                  succeeded.countDown();
                })
            .waitSeconds(1)
            .retryDelay(Duration.ofSeconds(1), Duration.ofSeconds(10))
            .start();
    try {
      assertThat(succeeded.await(15, TimeUnit.SECONDS)).isTrue();
      awaitEmpty(queue);
    } finally {
      worker.stop(Duration.ofSeconds(5));
    }

    assertThat(attempts).containsExactly(1, 2);
  }

  @Test
  void aHandlerThatRunsPastHalfItsReservationKeepsTheMessage() throws Exception {
    Queue queue = mq.queue("slow-jobs");
    queue.post("takes a while");
    AtomicInteger handled = new AtomicInteger();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);

    Worker slow =
        queue
            .worker(
                m -> {
                  handled.incrementAndGet();
                  started.countDown();
                  Thread.sleep(3500);
                  done.countDown();
                })
            .reservationSeconds(2)
            .waitSeconds(1)
            .start();
    Worker other = null;
    try {
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      // started once the slow one holds the message, so that it is the one to get it
      other = queue.worker(m -> handled.incrementAndGet()).waitSeconds(1).start();
      assertThat(done.await(15, TimeUnit.SECONDS)).isTrue();
      awaitEmpty(queue);
    } finally {
      slow.stop(Duration.ofSeconds(5));
      if (other != null) {
        other.stop(Duration.ofSeconds(5));
      }
    }

    assertThat(handled).hasValue(1);
  }

  @Test
  void stoppingReleasesWhatTheWorkerStillHolds() throws Exception {
    Queue queue = mq.queue("stopping");
    queue.post("held");
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch never = new CountDownLatch(1);
    Worker worker =
        queue
            .worker(
                m -> {
                  started.countDown();
                  never.await();
                })
            .waitSeconds(1)
            .start();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

    worker.stop(Duration.ofMillis(200));

    assertThat(worker.holding()).isZero();
    assertThat(queue.reserve()).map(Message::body).contains("held");
  }

  private static void awaitEmpty(Queue queue) throws InterruptedException {
    for (int i = 0; i < 200 && queue.info().size() > 0; i++) {
      Thread.sleep(25);
    }
    assertThat(queue.info().size()).isZero();
  }
}
