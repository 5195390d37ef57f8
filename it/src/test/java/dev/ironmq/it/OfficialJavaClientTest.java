package dev.ironmq.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.iron.ironmq.Client;
import io.iron.ironmq.Cloud;
import io.iron.ironmq.EmptyQueueException;
import io.iron.ironmq.HTTPException;
import io.iron.ironmq.Ids;
import io.iron.ironmq.Message;
import io.iron.ironmq.MessageOptions;
import io.iron.ironmq.Messages;
import io.iron.ironmq.Queue;
import io.iron.ironmq.QueueModel;
import io.iron.ironmq.Queues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official IronMQ Java client (3.0.5), unchanged, against this server. */
class OfficialJavaClientTest {
  private static TestServer server;
  private Client client;
  private Queue queue;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void newQueue() {
    client = server.client();
    queue = client.queue(TestServer.uniqueQueue("java"));
  }

  @Test
  void postingReturnsTheIdThatReservingShows() throws IOException {
    String id = queue.push("Test message");

    Message message = queue.reserve();

    assertThat(message.getId()).isEqualTo(id);
    assertThat(message.getBody()).isEqualTo("Test message");
    assertThat(message.getReservationId()).isNotEmpty();
    assertThat(message.getReservedCount()).isEqualTo(1);
  }

  @Test
  @SuppressWarnings("deprecation") // old clients call get(); it must keep working
  void theDeprecatedGetReservesToo() throws IOException {
    String id = queue.push("old style");

    Message message = queue.get();

    assertThat(message.getId()).isEqualTo(id);
    assertThat(message.getReservationId()).isNotEmpty();
  }

  @Test
  void severalMessagesComeBackInPostOrder() throws IOException {
    Ids ids = queue.pushMessages(new String[] {"m0", "m1", "m2"});

    Messages messages = queue.reserve(4);

    assertThat(messages.getSize()).isEqualTo(3);
    for (int i = 0; i < 3; i++) {
      assertThat(messages.getMessage(i).getId()).isEqualTo(ids.getId(i));
      assertThat(messages.getMessage(i).getBody()).isEqualTo("m" + i);
      assertThat(messages.getMessage(i).getReservationId()).isNotEmpty();
    }
  }

  @Test
  void reservingFromAnEmptyQueueGivesTheClientsEmptyAnswers() throws IOException {
    queue.push("");
    queue.clear();

    assertThatThrownBy(queue::reserve).isInstanceOf(EmptyQueueException.class);
    assertThat(queue.reserve(4).getSize()).isZero();
  }

  @Test
  void aLongPollOnAnEmptyQueueWaitsForItsWholeWait() throws IOException {
    queue.push("x");
    queue.clear();

    long start = System.nanoTime();
    Messages messages = queue.reserve(4, 60, 3);
    long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

    assertThat(messages.getSize()).isZero();
    assertThat(elapsedMillis).isBetween(3000L, 6000L);
  }

  @Test
  void peekAndGetByIdShowAMessageWithoutReservingIt() throws IOException {
    String id = queue.push("look");

    Message peeked = queue.peek();
    Message again = queue.peek();
    Message byId = queue.getMessageById(id);

    assertThat(peeked.getId()).isEqualTo(id).isEqualTo(again.getId());
    assertThat(peeked.getReservationId()).isNull();
    assertThat(peeked.getReservedCount()).isZero();
    assertThat(byId.getBody()).isEqualTo("look");
    assertThat(byId.getReservationId()).isNull();
    assertThat(queue.reserve().getId()).isEqualTo(id);
  }

  @Test
  void aReservedMessageCountsInSizeUntilDeleted() throws IOException {
    queue.push("Test message");
    Message message = queue.reserve();
    assertThat(queue.getInfoAboutQueue().getSizeLong()).isEqualTo(1);

    queue.deleteMessage(message);

    assertThat(queue.getInfoAboutQueue().getSizeLong()).isZero();
  }

  @Test
  void deletingAReservedMessageWithoutItsReservationFails() throws IOException {
    queue.push("Test message");
    Message message = queue.reserve();

    assertThatThrownBy(() -> queue.deleteMessage(message.getId()))
        .isInstanceOfSatisfying(
            HTTPException.class, e -> assertThat(e.getStatusCode()).isEqualTo(403));
    assertThat(queue.getInfoAboutQueue().getSizeLong()).isEqualTo(1);
  }

  @Test
  void reservedMessagesAreDeletedTogether() throws IOException {
    queue.pushMessages(new String[] {"1", "2", "3", "4"});
    Messages reserved = queue.reserve(4);
    Messages firstTwo = new Messages(reserved.getMessage(0), reserved.getMessage(1));

    queue.deleteMessages(firstTwo);

    assertThat(queue.getInfoAboutQueue().getSizeLong()).isEqualTo(2);
    queue.deleteMessages(new Messages(reserved.getMessage(2), reserved.getMessage(3)));
    assertThat(queue.getInfoAboutQueue().getSizeLong()).isZero();
  }

  @Test
  void deletingReservedMessagesByIdAloneFailsAndDeletesNothing() throws IOException {
    Ids ids = queue.pushMessages(new String[] {"1", "2"});
    queue.reserve(2);

    assertThatThrownBy(() -> queue.deleteMessages(ids)).isInstanceOf(HTTPException.class);
    assertThat(queue.getInfoAboutQueue().getSizeLong()).isEqualTo(2);
  }

  @Test
  void unreservedMessagesAreDeletedByIdAlone() throws IOException {
    Ids ids = queue.pushMessages(new String[] {"1", "2", "3"});

    queue.deleteMessage(ids.getId(0));
    Message second = new Message();
    second.setId(ids.getId(1));
    queue.deleteMessages(new Messages(second));

    assertThat(queue.getInfoAboutQueue().getSizeLong()).isEqualTo(1);
    assertThat(queue.peek().getBody()).isEqualTo("3");
  }

  @Test
  void aReleasedMessageIsReservedAgainFirst() throws IOException {
    queue.push("first");
    queue.push("second");
    Message message = queue.reserve(1).getMessage(0);

    queue.releaseMessage(message);

    Message again = queue.reserve();
    assertThat(again.getId()).isEqualTo(message.getId());
    assertThat(again.getReservedCount()).isEqualTo(2);
  }

  @Test
  void touchingTwiceGivesANewReservationEachTime() throws IOException {
    queue.push("long job");
    Message message = queue.reserve(1, 5).getMessage(0);
    String first = message.getReservationId();

    MessageOptions touched = queue.touchMessage(message);
    String second = touched.getReservationId();
    MessageOptions touchedAgain = queue.touchMessage(message, 10);

    assertThat(second).isNotEqualTo(first);
    assertThat(touchedAgain.getReservationId()).isNotEqualTo(second);
    assertThat(message.getReservationId()).isEqualTo(touchedAgain.getReservationId());
    queue.deleteMessage(message);
    assertThat(queue.getInfoAboutQueue().getSizeLong()).isZero();
  }

  @Test
  void aDelayedMessageCountsInSizeButIsNotReservable() throws IOException {
    queue.push("later", 10);

    assertThat(queue.getInfoAboutQueue().getSizeLong()).isEqualTo(1);
    assertThatThrownBy(queue::reserve).isInstanceOf(EmptyQueueException.class);
  }

  @Test
  void queueInfoCountsEveryPost() throws IOException {
    queue.push("a");
    queue.push("b");
    queue.push("c");
    queue.deleteMessage(queue.reserve());

    QueueModel info = queue.getInfoAboutQueue();

    assertThat(info.getName()).isEqualTo(queue.getName());
    assertThat(info.getProjectId()).isEqualTo(TestServer.PROJECT);
    assertThat(info.getTotalMessagesLong()).isEqualTo(3);
    assertThat(info.getSizeLong()).isEqualTo(2);
  }

  @Test
  void creatingAQueueEchoesItsSettings() throws IOException {
    QueueModel created = queue.create();
    assertThat(created.getName()).isEqualTo(queue.getName());
    assertThat(created.getMessageTimeout()).isEqualTo(60);

    Queue other = client.queue(TestServer.uniqueQueue("java-params"));
    QueueModel withParams = other.create(new QueueModel(69, 404));
    assertThat(withParams.getMessageTimeout()).isEqualTo(69);
    assertThat(withParams.getMessageExpiration()).isEqualTo(404);
  }

  @Test
  void updatingAQueueChangesItsSettings() throws IOException {
    queue.create();

    QueueModel updated = queue.update(new QueueModel(45, 3600));

    assertThat(updated.getMessageTimeout()).isEqualTo(45);
    assertThat(queue.getInfoAboutQueue().getMessageExpiration()).isEqualTo(3600);
  }

  @Test
  void aDestroyedQueueIsGone() throws IOException {
    queue.push("m");

    queue.destroy();

    assertThatThrownBy(queue::getInfoAboutQueue)
        .isInstanceOfSatisfying(
            HTTPException.class,
            e -> {
              assertThat(e.getStatusCode()).isEqualTo(404);
              assertThat(e.getMessage()).isEqualTo("Queue not found");
            });
  }

  @Test
  void listingPagesThroughNamesOnly() throws IOException {
    String prefix = TestServer.uniqueQueue("list") + "-";
    for (String suffix : List.of("a", "aa", "aaa", "aaaa", "aaaaa", "aaaaaa")) {
      client.queue(prefix + suffix).create();
    }

    ArrayList<QueueModel> page = Queues.getQueues(client, prefix + "aa", 3, prefix);
    ArrayList<QueueModel> filtered = Queues.getQueues(client, null, 100, prefix);

    assertThat(page)
        .extracting(QueueModel::getName)
        .containsExactly(prefix + "aaa", prefix + "aaaa", prefix + "aaaaa");
    assertThat(filtered).hasSize(6);
    assertThat(filtered)
        .allSatisfy(
            q -> {
              assertThat(q.getId()).isNull();
              assertThat(q.getProjectId()).isNull();
            });
  }

  @Test
  void aWrongTokenIsRefused() {
    Client stranger =
        new Client("4444444444444", "aaaaaa", new Cloud("http", "127.0.0.1", server.port()), 3);

    assertThatThrownBy(() -> stranger.queue("test-queue").push("test"))
        .isInstanceOfSatisfying(
            HTTPException.class, e -> assertThat(e.getStatusCode()).isEqualTo(401));
  }

  @Test
  void concurrentPostsAreAllCounted() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(10);
    try {
      List<Future<String>> posts = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        int n = i;
        posts.add(pool.submit(() -> queue.push("concurrent " + n)));
      }
      for (Future<String> post : posts) {
        assertThat(post.get()).isNotEmpty();
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(queue.getInfoAboutQueue().getSizeLong()).isEqualTo(50);
  }
}
