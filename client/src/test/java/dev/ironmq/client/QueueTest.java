package dev.ironmq.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every v3 operation, through the client, against a real server. */
class QueueTest {
  @RegisterExtension static final ServerFixture server = new ServerFixture();

  private final IronMq mq = server.client();

  @Test
  void aQueueIsCreatedDescribedChangedListedAndDeleted() {
    Queue queue = mq.queue("orders and more");

    QueueInfo created =
        queue.create(QueueSettings.defaults().withMessageTimeout(120).withMessageExpiration(3600));
    QueueInfo changed = queue.update(QueueSettings.defaults().withMessageTimeout(30));
    queue.post("one");

    QueueInfo info = queue.info();
    assertThat(created.name()).isEqualTo("orders and more");
    assertThat(created.type()).isEqualTo(QueueType.PULL);
    assertThat(changed.messageTimeout()).isEqualTo(30);
    assertThat(info.messageExpiration()).isEqualTo(3600);
    assertThat(info.size()).isEqualTo(1);
    assertThat(info.totalMessages()).isEqualTo(1);
    assertThat(info.projectId()).isEqualTo(ServerFixture.PROJECT);
    assertThat(mq.listAllQueues("orders")).contains("orders and more");

    queue.deleteQueue();
    assertThat(mq.listAllQueues("orders")).doesNotContain("orders and more");
  }

  @Test
  void queuesAreListedPageByPageInNameOrder() {
    for (int i = 0; i < 5; i++) {
      mq.queue("page-" + i).create(QueueSettings.defaults());
    }

    assertThat(mq.listQueues("page-", null, 2)).containsExactly("page-0", "page-1");
    assertThat(mq.listQueues("page-", "page-1", 2)).containsExactly("page-2", "page-3");
    assertThat(mq.listAllQueues("page-")).hasSize(5);
  }

  @Test
  void postedMessagesAreReservedWithTheirBodiesAndDeleted() {
    Queue queue = mq.queue("work");
    List<String> ids =
        queue.post(List.of(NewMessage.of("a"), NewMessage.of("b"), NewMessage.of("c")));

    List<Message> reserved = queue.reserve(3, 30, 0);

    assertThat(ids).hasSize(3).doesNotHaveDuplicates();
    assertThat(reserved).extracting(Message::id).containsExactlyElementsOf(ids);
    assertThat(reserved).extracting(Message::body).containsExactly("a", "b", "c");
    assertThat(reserved).allSatisfy(m -> assertThat(m.reservationId()).isNotBlank());
    assertThat(reserved).allSatisfy(m -> assertThat(m.reservedCount()).isEqualTo(1));

    queue.delete(reserved.get(0));
    queue.delete(reserved.subList(1, 3));
    assertThat(queue.info().size()).isZero();
  }

  @Test
  void peekAndGetDoNotReserveAndADelayedMessageWaits() {
    Queue queue = mq.queue("peek");
    String id = queue.post("visible");
    queue.post(List.of(NewMessage.of("later").delayedBy(60)));

    assertThat(queue.peek(10)).extracting(Message::body).containsExactly("visible");
    assertThat(queue.get(id).body()).isEqualTo("visible");
    assertThat(queue.reserve(10, 30, 0)).extracting(Message::body).containsExactly("visible");
    assertThat(queue.info().size()).isEqualTo(2);
  }

  @Test
  void aTouchedMessageHasANewReservationAndTheOldOneNoLongerWorks() {
    Queue queue = mq.queue("touch");
    queue.post("long job");
    Message reserved = queue.reserve().orElseThrow();

    Message touched = queue.touch(reserved, 60);

    assertThat(touched.reservationId()).isNotEqualTo(reserved.reservationId());
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> queue.delete(reserved)))
        .isInstanceOf(IronMqException.ReservationException.class);
    queue.delete(touched);
    assertThat(queue.info().size()).isZero();
  }

  @Test
  void aReleasedMessageComesBackAndClearEmptiesTheQueue() {
    Queue queue = mq.queue("release");
    queue.post("retry me");
    queue.post("another");
    Message reserved = queue.reserve().orElseThrow();

    queue.release(reserved, 0);

    assertThat(queue.reserve(10, 30, 0)).extracting(Message::body).contains("retry me");
    queue.clear();
    assertThat(queue.info().size()).isZero();
  }

  @Test
  void aLongPollWaitsForTheNextMessage() throws Exception {
    Queue queue = mq.queue("long-poll");
    queue.create(QueueSettings.defaults());
    var waiting = queue.reserveAsync(1, 30, 10);
    Thread.sleep(200);

    queue.postAsync("arrived").join();

    assertThat(waiting.get()).extracting(Message::body).containsExactly("arrived");
  }

  @Test
  void aWebhookBodyBecomesOneMessageAsItCame() {
    Queue queue = mq.queue("hook");

    queue.postWebhook("{\"event\": \"paid\"}", "application/json");

    assertThat(queue.reserve().orElseThrow().body()).isEqualTo("{\"event\": \"paid\"}");
  }

  @Test
  void aPushQueueCopiesToItsSubscribersAndReportsEachDelivery() throws Exception {
    Queue requests = mq.queue("requests");
    requests.create(
        QueueSettings.push(
            QueueType.MULTICAST,
            PushSettings.to(
                Subscriber.of("all", "ironmq:///all_requests"),
                Subscriber.of("ua", "ironmq:///ua_requests"))));

    String id = requests.post("{\"HTTP_USER_AGENT\": \"curl\"}");

    Message copy = mq.queue("all_requests").reserve(1, 30, 10).get(0);
    assertThat(copy.body()).isEqualTo("{\"HTTP_USER_AGENT\": \"curl\"}");
    assertThat(mq.queue("ua_requests").reserve(1, 30, 10)).hasSize(1);
    List<SubscriberStatus> statuses = awaitDelivered(requests, id);
    assertThat(statuses).extracting(SubscriberStatus::name).containsExactlyInAnyOrder("all", "ua");
    assertThat(requests.info().push().subscribers()).hasSize(2);
  }

  @Test
  void subscribersAreAddedReplacedAndRemovedByName() {
    Queue queue = mq.queue("fan-out");
    queue.create(
        QueueSettings.push(
            QueueType.MULTICAST, PushSettings.to(Subscriber.of("a", "ironmq:///a"))));

    queue.addSubscribers(List.of(Subscriber.of("b", "ironmq:///b")));
    assertThat(queue.info().push().subscribers())
        .extracting(Subscriber::name)
        .containsExactly("a", "b");
    queue.replaceSubscribers(
        List.of(
            new Subscriber("c", "ironmq:///c", Map.of("X-Tag", "1")),
            Subscriber.of("d", "ironmq:///d")));
    queue.removeSubscribers(List.of("d"));

    List<Subscriber> subscribers = queue.info().push().subscribers();
    assertThat(subscribers).extracting(Subscriber::name).containsExactly("c");
    assertThat(subscribers.get(0).headers()).containsEntry("X-Tag", "1");
  }

  @Test
  void alertsAreAddedReplacedAndRemoved() {
    Queue queue = mq.queue("watched");
    queue.create(QueueSettings.defaults());

    queue.addAlerts(
        List.of(Alert.whenSizeReaches(100, "alerts"), Alert.whenSizeReaches(5, "alerts")));
    List<Alert> alerts = queue.info().alerts();
    assertThat(alerts).hasSize(2).allSatisfy(a -> assertThat(a.id()).isNotBlank());
    queue.removeAlert(alerts.get(0).id());
    assertThat(queue.info().alerts()).hasSize(1);
    queue.replaceAlerts(List.of(Alert.whenSizeReaches(7, "alerts")));
    List<Alert> replaced = queue.info().alerts();
    assertThat(replaced).extracting(Alert::trigger).containsExactly(7);
    queue.removeAlerts(List.of(replaced.get(0).id()));
    assertThat(queue.info().alerts()).isEmpty();
  }

  @Test
  void anAlertPostsToItsQueueWhenTheSizeIsReached() throws Exception {
    Queue queue = mq.queue("filling");
    queue.create(
        QueueSettings.defaults().withAlerts(List.of(Alert.whenSizeReaches(2, "filling-alerts"))));

    queue.post(List.of(NewMessage.of("1"), NewMessage.of("2")));

    assertThat(mq.queue("filling-alerts").reserve(1, 30, 10)).hasSize(1);
  }

  private static List<SubscriberStatus> awaitDelivered(Queue queue, String id) throws Exception {
    for (int i = 0; i < 100; i++) {
      List<SubscriberStatus> statuses = queue.pushStatuses(id);
      if (statuses.stream().allMatch(s -> s.status().equals("deleted"))) {
        return statuses;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("not delivered: " + queue.pushStatuses(id));
  }
}
