package dev.ironmq.backend.tck;

import static dev.ironmq.backend.tck.BackendHarness.START;
import static dev.ironmq.backend.tck.BackendHarness.done;
import static dev.ironmq.backend.tck.BackendHarness.problemOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.backend.BrowsePage;
import dev.ironmq.backend.BrowseRequest;
import dev.ironmq.backend.BrowseState;
import dev.ironmq.backend.BrowsedMessage;
import dev.ironmq.backend.DeliveryStatus;
import dev.ironmq.backend.MessageView;
import dev.ironmq.backend.PushStatus;
import dev.ironmq.backend.QueueBackend;
import dev.ironmq.backend.QueueChange;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.ReservedMessage;
import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.tck.FakeTransport.Pending;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Browsing a queue: every message in every state, paged by cursor, and nothing changed. */
public class BrowseTest {
  private final BackendHarness harness = new BackendHarness();
  private final QueueBackend backend = harness.backend;
  private final QueueRef q = harness.queue("browsed");

  private BrowsePage browse(Set<BrowseState> states, long after, int count, String prefix) {
    return done(backend.browse(q, new BrowseRequest(states, after, count, prefix)));
  }

  private List<BrowsedMessage> all() {
    return browse(EnumSet.allOf(BrowseState.class), 0, 100, "").messages();
  }

  @Test
  void showsEveryStateWithItsTimes() {
    done(backend.putQueue(q, QueueChange.none().withMessageExpiration(3600)));
    long reserved = harness.post(q, "reserved").get(0);
    long available = harness.post(q, "available").get(0);
    harness.advanceSeconds(5);
    long delayed = harness.postDelayed(q, "delayed", 30);
    assertThat(harness.reserveOne(q, 45).id()).isEqualTo(reserved);

    List<BrowsedMessage> messages = all();

    assertThat(messages)
        .extracting(BrowsedMessage::id)
        .containsExactly(reserved, available, delayed);
    assertThat(messages)
        .extracting(BrowsedMessage::state)
        .containsExactly(BrowseState.RESERVED, BrowseState.AVAILABLE, BrowseState.DELAYED);
    assertThat(messages.get(1).visibleAt()).isZero();
    BrowsedMessage reservedOne = messages.get(0);
    assertThat(reservedOne.visibleAt()).isEqualTo(START + 5_000 + 45_000);
    assertThat(reservedOne.reservedCount()).isEqualTo(1);
    assertThat(reservedOne.postedAt()).isEqualTo(START);
    assertThat(reservedOne.expiresAt()).isEqualTo(START + 3_600_000);
    assertThat(reservedOne.body()).isEqualTo("reserved");
    BrowsedMessage delayedOne = messages.get(2);
    assertThat(delayedOne.visibleAt()).isEqualTo(START + 5_000 + 30_000);
    assertThat(delayedOne.reservedCount()).isZero();
    assertThat(delayedOne.postedAt()).isEqualTo(START + 5_000);
  }

  @Test
  void anAvailableMessageHasNoVisibleTimeAndItsReservationsCounted() {
    long id = harness.post(q, "m").get(0);
    harness.reserveOne(q, 30);
    harness.advanceSeconds(31);

    BrowsedMessage message = all().get(0);

    assertThat(message.id()).isEqualTo(id);
    assertThat(message.state()).as("its reservation ended").isEqualTo(BrowseState.AVAILABLE);
    assertThat(message.visibleAt()).isZero();
    assertThat(message.reservedCount()).isEqualTo(1);
    assertThat(message.timeoutSeconds()).isEqualTo(60);
  }

  @Test
  void browsingChangesNothing() {
    harness.post(q, "first", "second", "third");
    ReservedMessage reserved = harness.reserveOne(q, 60);
    long sizeBefore = harness.size(q);
    List<MessageView> peekedBefore = done(backend.peek(q, 10));

    all();
    browse(EnumSet.of(BrowseState.AVAILABLE), 0, 1, "");

    assertThat(harness.size(q)).isEqualTo(sizeBefore);
    assertThat(done(backend.peek(q, 10))).isEqualTo(peekedBefore);
    harness.delete(q, reserved);
    assertThat(harness.reserve(q, 10, 60))
        .extracting(ReservedMessage::body)
        .containsExactly("second", "third");
    assertThat(harness.reserve(q, 10, 60)).as("nothing was put back").isEmpty();
  }

  @Test
  void filtersByState() {
    harness.post(q, "a", "b");
    long delayed = harness.postDelayed(q, "later", 60);
    harness.reserveOne(q, 60);

    assertThat(browse(EnumSet.of(BrowseState.DELAYED), 0, 10, "").messages())
        .extracting(BrowsedMessage::id)
        .containsExactly(delayed);
    assertThat(
            browse(EnumSet.of(BrowseState.AVAILABLE, BrowseState.RESERVED), 0, 10, "").messages())
        .extracting(BrowsedMessage::body)
        .containsExactly("a", "b");
    assertThat(browse(EnumSet.of(BrowseState.DELIVERING), 0, 10, "").messages()).isEmpty();
  }

  @Test
  void pagesByCursorInIdOrder() {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      ids.add(harness.post(q, "m" + i).get(0));
    }

    List<Long> seen = new ArrayList<>();
    long after = 0;
    int pages = 0;
    while (true) {
      BrowsePage page = browse(EnumSet.allOf(BrowseState.class), after, 3, "");
      pages++;
      page.messages().forEach(m -> seen.add(m.id()));
      if (page.nextAfterId().isEmpty()) {
        break;
      }
      assertThat(page.messages()).hasSize(3);
      after = page.nextAfterId().getAsLong();
      assertThat(after).isEqualTo(seen.get(seen.size() - 1));
    }

    assertThat(seen).isEqualTo(ids);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void aFullLastPageSaysThereIsNoMore() {
    harness.post(q, "a", "b");

    BrowsePage page = browse(EnumSet.allOf(BrowseState.class), 0, 2, "");

    assertThat(page.messages()).hasSize(2);
    assertThat(page.nextAfterId()).isEqualTo(OptionalLong.empty());
  }

  @Test
  void findsBodiesByPrefix() {
    harness.post(q, "order 1", "invoice 1", "order 2", "ord", "Order 3");

    assertThat(browse(EnumSet.allOf(BrowseState.class), 0, 10, "order ").messages())
        .extracting(BrowsedMessage::body)
        .containsExactly("order 1", "order 2");
    assertThat(browse(EnumSet.allOf(BrowseState.class), 0, 1, "order ").nextAfterId()).isPresent();
  }

  @Test
  void findsBodiesByANonAsciiPrefix() {
    harness.post(q, "été 1", "ete 2", "été 3");

    assertThat(browse(EnumSet.allOf(BrowseState.class), 0, 10, "été").messages())
        .extracting(BrowsedMessage::body)
        .containsExactly("été 1", "été 3");
  }

  @Test
  void expiredAndDeletedMessagesAreNotShown() {
    done(backend.putQueue(q, QueueChange.none().withMessageExpiration(60)));
    harness.post(q, "old");
    harness.advanceSeconds(30);
    harness.post(q, "new");
    ReservedMessage old = harness.reserveOne(q, 10);
    harness.delete(q, old);
    harness.post(q, "newest");
    harness.advanceSeconds(31);

    assertThat(all()).extracting(BrowsedMessage::body).containsExactly("new", "newest");
  }

  @Test
  void showsEachSubscribersDeliveryOfAPushMessage() {
    harness.multicast(q, "a", "b");
    long id = harness.post(q, "pushed").get(0);
    for (Pending attempt : harness.transport.take()) {
      attempt.answer(attempt.subscriber().equals("a") ? 200 : 503);
    }

    List<BrowsedMessage> messages =
        browse(EnumSet.of(BrowseState.DELIVERING), 0, 10, "").messages();

    assertThat(messages).extracting(BrowsedMessage::id).containsExactly(id);
    assertThat(messages.get(0).pushStatuses())
        .extracting(PushStatus::subscriberName, PushStatus::status, PushStatus::statusCode)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("a", DeliveryStatus.DELIVERED, 200),
            org.assertj.core.groups.Tuple.tuple("b", DeliveryStatus.RETRYING, 503));

    harness.advanceSeconds(10);
    harness.transport.take().forEach(attempt -> attempt.answer(200));
    assertThat(all()).as("every delivery done: no longer in the queue").isEmpty();
  }

  @Test
  void anUnknownQueueIsNotFound() {
    assertThat(problemOf(backend.browse(harness.queue("nowhere"), BrowseRequest.all(10))))
        .isInstanceOf(Problem.QueueNotFound.class);
  }

  @Test
  void anEmptyQueueHasAnEmptyPage() {
    done(backend.putQueue(q, QueueChange.none()));

    assertThat(done(backend.browse(q, BrowseRequest.all(10))))
        .isEqualTo(new BrowsePage(List.of(), OptionalLong.empty()));
  }

  @Test
  void browsingSeesWhatARestartKept() {
    harness.post(q, "kept");
    harness.reserveOne(q, 60);
    harness.postDelayed(q, "later", 120);

    harness.restart();

    assertThat(done(harness.backend.browse(q, BrowseRequest.all(10))).messages())
        .extracting(BrowsedMessage::body, BrowsedMessage::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("kept", BrowseState.RESERVED),
            org.assertj.core.groups.Tuple.tuple("later", BrowseState.DELAYED));
  }
}
