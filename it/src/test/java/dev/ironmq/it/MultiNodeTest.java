package dev.ironmq.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.iron.ironmq.Client;
import io.iron.ironmq.Cloud;
import io.iron.ironmq.Message;
import io.iron.ironmq.Messages;
import io.iron.ironmq.Queue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Three server nodes as child processes on one PostgreSQL database, with no leader: whatever one
 * node does, another sees and continues, and a node killed with SIGKILL loses nothing that was
 * acknowledged.
 */
@Tag("own-database")
class MultiNodeTest {
  private static final int NODES = 3;

  private Path dir;
  private String database;
  private final List<ServerProcess> nodes = new ArrayList<>();

  @BeforeEach
  void startNodes() throws Exception {
    dir = Files.createTempDirectory("ironmq-nodes");
    database = TestStore.newDatabase();
    for (int i = 0; i < NODES; i++) {
      nodes.add(new ServerProcess(dir.resolve("node" + i), database));
    }
    // One node first, so that the others find the schema and the credentials it made.
    nodes.get(0).start();
    nodes.subList(1, NODES).parallelStream().forEach(node -> node.start());
  }

  @AfterEach
  void stopNodes() {
    nodes.forEach(ServerProcess::close);
    TestStore.dropDatabase(database);
    TestServer.deleteRecursively(dir);
  }

  private static Client client(ServerProcess node) {
    return new Client(
        TestServer.PROJECT, TestServer.TOKEN, new Cloud("http", "127.0.0.1", node.port), 3);
  }

  @Test
  void aReservationMadeThroughOneNodeIsTouchedReleasedAndDeletedThroughAnother() throws Exception {
    String name = TestServer.uniqueQueue("handover");
    Queue a = client(nodes.get(0)).queue(name);
    Queue b = client(nodes.get(1)).queue(name);
    Queue c = client(nodes.get(2)).queue(name);
    a.push("hand me over");

    Message reserved = a.reserve(1, 60).getMessage(0);
    String first = reserved.getReservationId();
    b.touchMessage(reserved);
    assertThat(reserved.getReservationId()).as("the client keeps the new one").isNotEqualTo(first);
    c.releaseMessage(reserved, 0);

    Message again = b.reserve(1, 60).getMessage(0);
    assertThat(again.getId()).isEqualTo(reserved.getId());
    assertThat(again.getReservedCount()).isEqualTo(3);
    c.deleteMessage(again);
    assertThat(a.getInfoAboutQueue().getSizeLong()).isZero();
  }

  @Test
  void aLongPollParkedOnOneNodeWakesWithin100MillisecondsOfAPostThroughAnother() throws Exception {
    String name = TestServer.uniqueQueue("wake");
    RawHttp waiting = nodes.get(0).http();
    RawHttp posting = nodes.get(1).http();
    posting.put(TestServer.v3("/" + name), "{}");
    List<Long> delays = new ArrayList<>();
    ExecutorService poller = Executors.newSingleThreadExecutor();
    try {
      for (int round = 0; round < 5; round++) {
        Future<RawHttp.Reply> parked =
            poller.submit(
                () -> waiting.post(TestServer.v3("/" + name + "/reservations"), "{\"wait\":30}"));
        Thread.sleep(500);
        long posted = System.nanoTime();
        assertThat(
                posting
                    .post(
                        TestServer.v3("/" + name + "/messages"),
                        "{\"messages\":[{\"body\":\"now\"}]}")
                    .status())
            .isEqualTo(201);
        RawHttp.Reply reply = parked.get(30, TimeUnit.SECONDS);
        delays.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - posted));
        assertThat(reply.json().path("messages")).hasSize(1);
      }
    } finally {
      poller.shutdownNow();
    }
    List<Long> sorted = delays.stream().sorted().toList();
    assertThat(sorted.get(sorted.size() / 2))
        .as("median milliseconds from a post's answer to the long poll's, in %s", delays)
        .isLessThan(100);
  }

  @Test
  void sixteenConsumersOnThreeNodesNeverShareAReservationAndAKilledNodeLosesNothing()
      throws Exception {
    String name = TestServer.uniqueQueue("shared");
    client(nodes.get(0)).queue(name).push("first");
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    acknowledged.add(client(nodes.get(0)).queue(name).push("second"));
    Map<String, List<long[]>> reservations = new ConcurrentHashMap<>();
    Set<String> deleted = ConcurrentHashMap.newKeySet();
    Set<String> attempted = ConcurrentHashMap.newKeySet();
    AtomicBoolean producing = new AtomicBoolean(true);
    AtomicBoolean consuming = new AtomicBoolean(true);
    ExecutorService clients = Executors.newFixedThreadPool(19);
    List<Future<?>> running = new ArrayList<>();
    for (int p = 0; p < 3; p++) {
      int first = p;
      running.add(clients.submit(() -> produce(name, first, producing, acknowledged)));
    }
    for (int c = 0; c < 16; c++) {
      int first = c % NODES;
      running.add(
          clients.submit(() -> consume(name, first, consuming, reservations, attempted, deleted)));
    }
    // Progress, not time, decides when to kill and when to stop: a loaded machine is slow.
    Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> acknowledged.size() >= 150);
    nodes.get(2).kill();
    int beforeTheKill = acknowledged.size();
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> acknowledged.size() >= beforeTheKill + 150);
    producing.set(false);
    try {
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  acknowledged.stream()
                      .allMatch(
                          id ->
                              deleted.contains(id) || (attempted.contains(id) && gone(name, id))));
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      List<String> missing =
          acknowledged.stream().filter(id -> !deleted.contains(id) && !gone(name, id)).toList();
      StringBuilder where = new StringBuilder();
      for (String id : missing.subList(0, Math.min(5, missing.size()))) {
        where
            .append('\n')
            .append(id)
            .append(": ")
            .append(nodes.get(0).http().get(TestServer.v3("/" + name + "/messages/" + id)).body());
      }
      where.append("\nqueue: ").append(nodes.get(0).http().get(TestServer.v3("/" + name)).body());
      throw new AssertionError(missing.size() + " acknowledged posts never consumed:" + where, e);
    }
    consuming.set(false);
    for (Future<?> client : running) {
      client.get(30, TimeUnit.SECONDS);
    }
    clients.shutdown();

    // A delete cut off by the kill may have happened or not: the message is then gone or back.
    for (String id : acknowledged) {
      if (!deleted.contains(id)) {
        assertThat(nodes.get(0).http().get(TestServer.v3("/" + name + "/messages/" + id)).status())
            .as("acknowledged post %s, whose delete was cut off", id)
            .isEqualTo(404);
      }
    }
    // What is left are posts whose answer the kill cut off (committed or not, the client could not
    // know) and the first, untracked post: none of them may be one that was acknowledged, and the
    // queue drains to empty once reservations cut off by the kill have timed out.
    Set<String> left = ConcurrentHashMap.newKeySet();
    Queue draining = client(nodes.get(0)).queue(name);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              for (Message m : draining.reserve(100, 5, 1).getMessages()) {
                left.add(m.getId());
                draining.deleteMessage(m);
              }
              return draining.getInfoAboutQueue().getSizeLong() == 0;
            });
    assertThat(left)
        .as("acknowledged posts seen again after their delete")
        .doesNotContainAnyElementsOf(deleted);
    assertThat(left)
        .as("acknowledged posts never consumed")
        .doesNotContainAnyElementsOf(acknowledged);
    for (Map.Entry<String, List<long[]>> held : reservations.entrySet()) {
      List<long[]> spans =
          held.getValue().stream().sorted(Comparator.comparingLong(s -> s[0])).toList();
      for (int i = 1; i < spans.size(); i++) {
        assertThat(spans.get(i)[0])
            .as("message %s handed out again while its reservation held", held.getKey())
            .isGreaterThanOrEqualTo(spans.get(i - 1)[1] - 200);
      }
    }
  }

  /** Whether the message is no longer on the server: a delete cut off by the kill happened. */
  private boolean gone(String queue, String id) {
    return nodes.get(0).http().get(TestServer.v3("/" + queue + "/messages/" + id)).status() == 404;
  }

  /** Posts one message at a time, moving to the next node when its node stops answering. */
  private void produce(String name, int first, AtomicBoolean running, Set<String> acknowledged) {
    int node = first;
    for (int i = 0; running.get(); i++) {
      try {
        acknowledged.add(client(nodes.get(node)).queue(name).push("p" + first + "-" + i));
      } catch (Exception nodeDown) {
        node = (node + 1) % NODES;
      }
    }
  }

  /**
   * Reserves for five seconds and deletes at once, noting when each reservation began and would
   * end; moves to the next node when its node stops answering.
   */
  private void consume(
      String name,
      int first,
      AtomicBoolean running,
      Map<String, List<long[]>> reservations,
      Set<String> attempted,
      Set<String> deleted) {
    int node = first;
    while (running.get()) {
      try {
        Queue queue = client(nodes.get(node)).queue(name);
        long asked = System.currentTimeMillis();
        Messages got = queue.reserve(5, 5);
        for (Message m : got.getMessages()) {
          reservations
              .computeIfAbsent(m.getId(), id -> new CopyOnWriteArrayList<>())
              .add(new long[] {asked, asked + 5_000});
          attempted.add(m.getId());
          queue.deleteMessage(m);
          deleted.add(m.getId());
        }
      } catch (Exception nodeDownOrReservationEnded) {
        node = (node + 1) % NODES;
      }
    }
  }

  @Test
  void aPushAttemptOfAKilledNodeIsMadeByAnotherOnceItsLeaseEnds() throws Exception {
    try (TestSubscriber subscriber = new TestSubscriber()) {
      String name = TestServer.uniqueQueue("pushed");
      RawHttp a = nodes.get(0).http();
      assertThat(
              a.put(
                      TestServer.v3("/" + name),
                      "{\"queue\":{\"type\":\"multicast\",\"push\":{\"subscribers\":[{\"name\":\"s\","
                          + "\"url\":\""
                          + subscriber.url("/first-silent")
                          + "\"}]}}}")
                  .status())
          .isEqualTo(200);
      String id =
          a.post(TestServer.v3("/" + name + "/messages"), "{\"messages\":[{\"body\":\"hi\"}]}")
              .json()
              .at("/ids/0")
              .asText();
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> subscriber.received.size() == 1);

      nodes.get(0).kill();

      RawHttp b = nodes.get(1).http();
      Awaitility.await()
          .atMost(Duration.ofSeconds(40))
          .until(
              () ->
                  b.get(TestServer.v3("/" + name + "/messages/" + id + "/subscribers"))
                      .json()
                      .path("subscribers")
                      .path(0)
                      .path("status")
                      .asText()
                      .equals("deleted"));
      assertThat(subscriber.received).hasSize(2);
      assertThat(subscriber.received.get(1).headers().get("Iron-Reservation-Id"))
          .isNotEqualTo(subscriber.received.get(0).headers().get("Iron-Reservation-Id"));
    }
  }

  @Test
  void anAlertFiresOnceWhicheverNodesThePostsGoThrough() throws Exception {
    String name = TestServer.uniqueQueue("alerted");
    String alerts = name + "-alerts";
    assertThat(
            nodes
                .get(0)
                .http()
                .put(
                    TestServer.v3("/" + name),
                    "{\"queue\":{\"alerts\":[{\"type\":\"fixed\",\"trigger\":60,"
                        + "\"direction\":\"asc\",\"queue\":\""
                        + alerts
                        + "\"}]}}")
                .status())
        .isEqualTo(200);
    ExecutorService posters = Executors.newFixedThreadPool(NODES);
    List<Future<?>> posted = new ArrayList<>();
    for (ServerProcess node : nodes) {
      posted.add(
          posters.submit(
              () -> {
                RawHttp http = node.http();
                for (int i = 0; i < 40; i++) {
                  assertThat(
                          http.post(
                                  TestServer.v3("/" + name + "/messages"),
                                  "{\"messages\":[{\"body\":\"m\"}]}")
                              .status())
                      .isEqualTo(201);
                }
                return null;
              }));
    }
    for (Future<?> f : posted) {
      f.get(60, TimeUnit.SECONDS);
    }
    posters.shutdown();

    JsonNode info = nodes.get(1).http().get(TestServer.v3("/" + alerts)).json();
    assertThat(info.at("/queue/size").asLong()).as("alert messages").isEqualTo(1);
  }

  @Test
  void messageIdsAreUniqueAndIncreaseFromNodeToNode() throws Exception {
    String name = TestServer.uniqueQueue("ids");
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      ids.add(Long.parseLong(client(nodes.get(i % NODES)).queue(name).push("m" + i)));
    }
    assertThat(ids).doesNotHaveDuplicates().isSorted();
    Set<Long> concurrent = ConcurrentHashMap.newKeySet();
    IntStream.range(0, 300)
        .parallel()
        .forEach(
            i -> {
              try {
                concurrent.add(
                    Long.parseLong(client(nodes.get(i % NODES)).queue(name).push("c" + i)));
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(concurrent).hasSize(300);
    assertThat(new HashSet<>(ids)).doesNotContainAnyElementsOf(concurrent);
  }
}
