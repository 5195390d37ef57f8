package dev.ironmq.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class BatchingProducerTest {
  @RegisterExtension static final ServerFixture server = new ServerFixture();

  private final IronMq mq = server.client();

  @Test
  void postsFromManyThreadsBecomeFewRequestsAndEachCallerGetsItsId() throws Exception {
    Queue queue = mq.queue("batched");
    Set<String> ids = ConcurrentHashMap.newKeySet();
    ExecutorService callers = Executors.newFixedThreadPool(8);
    try (BatchingProducer producer = queue.producer(BatchingProducer.Options.defaults())) {
      List<CompletableFuture<Void>> posted = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        String body = "message " + i;
        posted.add(
            CompletableFuture.supplyAsync(() -> producer.post(body), callers)
                .thenCompose(id -> id)
                .thenAccept(ids::add));
      }
      CompletableFuture.allOf(posted.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

      assertThat(ids).hasSize(2000);
      assertThat(producer.batchesSent()).isLessThan(200);
    } finally {
      callers.shutdown();
    }
    assertThat(queue.info().size()).isEqualTo(2000);
    assertThat(queue.get(ids.iterator().next()).body()).startsWith("message ");
  }

  @Test
  void closeSendsWhatIsBufferedWithoutWaitingOutTheLingerAndLaterPostsAreRefused() {
    Queue queue = mq.queue("closing");
    BatchingProducer producer =
        queue.producer(BatchingProducer.Options.defaults().withLinger(Duration.ofMinutes(10)));
    CompletableFuture<String> id = producer.post("last words");

    assertTimeoutPreemptively(Duration.ofMinutes(1), producer::close);

    assertThat(id).isCompleted();
    assertThat(queue.get(id.join()).body()).isEqualTo("last words");
    assertThatThrownBy(() -> producer.post("too late")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void flushWaitsUntilEverythingPostedIsAcknowledged() {
    Queue queue = mq.queue("flushing");
    try (BatchingProducer producer = queue.producer(BatchingProducer.Options.defaults())) {
      List<CompletableFuture<String>> ids = new ArrayList<>();
      for (int i = 0; i < 250; i++) {
        ids.add(producer.post("m" + i));
      }

      producer.flush();

      assertThat(ids).allSatisfy(id -> assertThat(id).isCompleted());
      assertThat(queue.info().size()).isEqualTo(250);
    }
  }

  @Test
  void aRefusedBatchFailsEachOfItsCallersWithTheServersReason() {
    Queue queue = mq.queue("refused");
    String tooLarge = "x".repeat(2 * 1024 * 1024);
    BatchingProducer.Options oneBatch =
        BatchingProducer.Options.defaults().withLinger(Duration.ofMillis(500));
    try (BatchingProducer producer = queue.producer(oneBatch)) {
      CompletableFuture<String> fine = producer.post("fine");
      CompletableFuture<String> huge = producer.post(tooLarge);

      assertThat(huge).failsWithin(Duration.ofSeconds(10));
      assertThat(fine).failsWithin(Duration.ofSeconds(10));
      assertThat(huge.handle((id, failure) -> failure).join())
          .isInstanceOf(IronMqException.BadRequestException.class);
    }
  }

  @Test
  void whenTheServerIsSlowAFullBufferMakesPostWait() throws Exception {
    CountDownLatch answer = new CountDownLatch(1);
    AtomicInteger requests = new AtomicInteger();
    HttpServer slow = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    slow.setExecutor(Executors.newCachedThreadPool());
    slow.createContext(
        "/",
        exchange -> {
          int count = Transport.JSON.readTree(exchange.getRequestBody()).path("messages").size();
          requests.incrementAndGet();
          try {
            answer.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          StringBuilder ids = new StringBuilder("{\"ids\":[");
          for (int i = 0; i < count; i++) {
            ids.append(i == 0 ? "" : ",").append('"').append(i).append('"');
          }
          byte[] body = ids.append("]}").toString().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(201, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    slow.start();
    try {
      Queue queue =
          IronMq.connect(
                  IronMqConfig.of("http://127.0.0.1:" + slow.getAddress().getPort(), "p", "t"))
              .queue("slow");
      BatchingProducer producer =
          queue.producer(new BatchingProducer.Options(10, Duration.ZERO, 10, 1));
      producer.post("first");
      while (requests.get() == 0) {
        Thread.onSpinWait(); // the first request is with the server, which holds it
      }
      for (int i = 0; i < 10; i++) {
        producer.post("buffered " + i);
      }
      Thread blocked = new Thread(() -> producer.post("one too many"));
      blocked.start();
      blocked.join(500);

      assertThat(blocked.isAlive()).isTrue();
      assertThat(requests.get()).isEqualTo(1);

      answer.countDown();
      blocked.join(5000);
      assertThat(blocked.isAlive()).isFalse();
      producer.close();
      assertThat(requests.get()).isEqualTo(3);
    } finally {
      answer.countDown();
      slow.stop(0);
    }
  }
}
