package dev.ironmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.iron.ironmq.Client;
import io.iron.ironmq.Message;
import io.iron.ironmq.Messages;
import io.iron.ironmq.Queue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Many consumers on one queue: no message is handed to two consumers while it is reserved, and
 * together they consume every message exactly once.
 */
class ConcurrentConsumersTest {
  private static final int MESSAGES = 3000;
  private static final int CONSUMERS = 12;

  private static TestServer server;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void consumersShareTheWorkWithoutOverlap() throws Exception {
    Client client = server.client();
    String name = TestServer.uniqueQueue("shared-work");
    Set<String> posted = ConcurrentHashMap.newKeySet();
    Set<String> held = ConcurrentHashMap.newKeySet();
    List<String> overlaps = new java.util.concurrent.CopyOnWriteArrayList<>();
    Set<String> consumed = ConcurrentHashMap.newKeySet();

    client.queue(name).create();
    ExecutorService pool = Executors.newFixedThreadPool(CONSUMERS + 4);
    try {
      List<Future<?>> work = new ArrayList<>();
      for (int p = 0; p < 4; p++) {
        int producer = p;
        work.add(
            pool.submit(
                () -> {
                  Queue queue = client.queue(name);
                  for (int i = 0; i < MESSAGES / 4 / 25; i++) {
                    String[] bodies = new String[25];
                    for (int b = 0; b < bodies.length; b++) {
                      bodies[b] = producer + "-" + i + "-" + b;
                    }
                    posted.addAll(List.of(queue.pushMessages(bodies).getIds()));
                  }
                  return null;
                }));
      }
      for (int c = 0; c < CONSUMERS; c++) {
        work.add(
            pool.submit(
                () -> {
                  Queue queue = client.queue(name);
                  while (consumed.size() < MESSAGES) {
                    Messages batch = queue.reserve(10, 120, 1);
                    for (Message m : batch.getMessages()) {
                      if (!held.add(m.getId())) {
                        overlaps.add(m.getId());
                      }
                    }
                    if (batch.getSize() > 0) {
                      for (Message m : batch.getMessages()) {
                        consumed.add(m.getId());
                        held.remove(m.getId());
                      }
                      queue.deleteMessages(batch);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : work) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(overlaps).as("messages handed out twice while reserved").isEmpty();
    assertThat(posted).hasSize(MESSAGES);
    assertThat(consumed).isEqualTo(posted);
    assertThat(client.queue(name).getInfoAboutQueue().getSizeLong()).isZero();
  }
}
