package dev.ironmq.backend.tck;

import static dev.ironmq.backend.tck.BackendHarness.done;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.backend.DeliveryStatus;
import dev.ironmq.backend.PushChange;
import dev.ironmq.backend.PushStatus;
import dev.ironmq.backend.QueueChange;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.QueueType;
import dev.ironmq.backend.ReservationCheck;
import dev.ironmq.backend.Subscriber;
import dev.ironmq.backend.tck.FakeTransport.Pending;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Random sequences of push events (posts, subscribers' answers, acknowledgements of 202s, time
 * passing, restarts) on a multicast queue, checked after every step against a model that states the
 * rules plainly: each subscriber gets each message, a failure is retried after the delay while
 * retries remain, a 202 holds the delivery until it is acknowledged or the delay ends (and then
 * counts as a failure), a delivery given up on is reported to the error queue, and an attempt in
 * flight when the server stops is made again after it starts.
 */
public class PushModelTest {
  private static final int RETRIES = 2;
  private static final int DELAY_SECONDS = 10;
  private static final List<String> SUBSCRIBERS = List.of("a", "b");

  /** One step of a scenario. */
  public record Step(String kind, int amount, int choice) {}

  @Property(tries = 200)
  protected void pushDeliveriesBehaveLikeTheModel(
      @ForAll("scenarios") @Size(max = 50) List<Step> steps) {
    BackendHarness harness = new BackendHarness(2);
    QueueRef q = harness.queue("fan-out");
    QueueRef errors = harness.queue("fan-out-errors");
    List<Subscriber> subscribers = new ArrayList<>();
    for (String name : SUBSCRIBERS) {
      subscribers.add(new Subscriber(name, "http://" + name + ".test/hook", Map.of()));
    }
    done(
        harness.backend.putQueue(
            q,
            QueueChange.none()
                .withType(QueueType.MULTICAST)
                .withPush(
                    new PushChange(
                        Optional.of(subscribers),
                        OptionalInt.of(RETRIES),
                        OptionalInt.of(DELAY_SECONDS),
                        Optional.of("fan-out-errors")))));
    Model model = new Model();
    List<Pending> inFlight = new ArrayList<>();

    for (Step step : steps) {
      harness.advance(Duration.ofMillis(1));
      model.now = harness.clock.millis();
      switch (step.kind()) {
        case "post" -> model.post(harness.post(q, "m").get(0));
        case "answer" -> {
          if (!inFlight.isEmpty()) {
            Pending attempt = inFlight.remove(step.choice() % inFlight.size());
            int status = List.of(200, 202, 503).get(step.amount() % 3);
            model.answered(attempt.attempt().messageId(), attempt.subscriber(), status);
            if (status == 202) {
              model.reservation(
                  attempt.attempt().messageId(),
                  attempt.subscriber(),
                  attempt.attempt().reservationId());
            }
            attempt.answer(status);
          }
        }
        case "acknowledge" ->
            model
                .pickReserved(step.choice())
                .ifPresent(
                    d -> {
                      done(
                          harness.backend.acknowledge(
                              q,
                              d.messageId,
                              d.subscriber,
                              Optional.of(d.reservationId),
                              ReservationCheck.CURRENT_RESERVATION));
                      model.acknowledged(d);
                    });
        case "advance" -> {
          // Step the clock a second at a time, as the model does.
          for (int s = 0; s < step.amount() * 2; s++) {
            harness.advanceSeconds(1);
            model.now = harness.clock.millis();
            model.advance();
          }
        }
        case "restart" -> {
          // Attempts of the stopped server are never answered.
          harness.transport.take();
          inFlight.clear();
          harness.restart();
          // What fell due while it was stopped is done on the started server's first tick.
          harness.advance(Duration.ZERO);
          model.restarted();
        }
        default -> throw new IllegalStateException(step.kind());
      }
      model.now = harness.clock.millis();
      inFlight.addAll(harness.transport.take());
      String context = "after " + step;
      assertThat(inFlight)
          .extracting(p -> p.attempt().messageId() + "/" + p.subscriber())
          .as("attempts in flight %s", context)
          .containsExactlyInAnyOrderElementsOf(model.inFlight());
      for (Model.Message message : model.messages.values()) {
        if (model.readable(message)) {
          List<PushStatus> statuses = done(harness.backend.pushStatuses(q, message.id));
          for (PushStatus status : statuses) {
            Model.Delivery d = message.deliveries.get(status.subscriberName());
            assertThat(status.status())
                .as("%s/%s %s", message.id, status.subscriberName(), context)
                .isEqualTo(d.status);
            assertThat(status.tries())
                .as("tries of %s/%s %s", message.id, status.subscriberName(), context)
                .isEqualTo(d.tries);
          }
        }
      }
      assertThat(harness.size(q)).as("size %s", context).isEqualTo(model.pending());
      if (model.reported > 0) {
        assertThat(harness.size(errors)).as("reports %s", context).isEqualTo(model.reported);
      }
    }
    harness.close();
  }

  @Provide
  protected Arbitrary<List<Step>> scenarios() {
    Arbitrary<String> kinds =
        Arbitraries.of(
            "post", "answer", "answer", "answer", "acknowledge", "advance", "advance", "restart");
    return Combinators.combine(
            kinds, Arbitraries.integers().between(1, 9), Arbitraries.integers().between(0, 9))
        .as(Step::new)
        .list();
  }

  /** The rules, stated as plainly as possible. */
  static final class Model {
    static final class Delivery {
      final long messageId;
      final String subscriber;
      DeliveryStatus status = DeliveryStatus.QUEUED;
      int tries;
      int storedTries;
      DeliveryStatus storedStatus = DeliveryStatus.QUEUED;
      boolean inFlight;
      long dueAt;
      String reservationId = "";

      Delivery(long messageId, String subscriber) {
        this.messageId = messageId;
        this.subscriber = subscriber;
      }

      boolean isFinal() {
        return status == DeliveryStatus.DELIVERED || status == DeliveryStatus.ERROR;
      }

      /** What a write of this delivery's state stores. */
      void store() {
        storedTries = tries;
        storedStatus = status;
      }
    }

    static final class Message {
      final long id;
      final Map<String, Delivery> deliveries = new LinkedHashMap<>();
      long finishedAt = -1;
      long lastTryAt;

      Message(long id) {
        this.id = id;
      }
    }

    long now;
    final Map<Long, Message> messages = new LinkedHashMap<>();
    int reported;

    void post(long id) {
      Message message = new Message(id);
      messages.put(id, message);
      for (String subscriber : SUBSCRIBERS) {
        Delivery d = new Delivery(id, subscriber);
        message.deliveries.put(subscriber, d);
        attempt(d);
      }
    }

    private void attempt(Delivery d) {
      d.tries++;
      d.inFlight = true;
      messages.get(d.messageId).lastTryAt = now;
    }

    void answered(long messageId, String subscriber, int status) {
      Delivery d = messages.get(messageId).deliveries.get(subscriber);
      d.inFlight = false;
      if (status == 200) {
        d.status = DeliveryStatus.DELIVERED;
        d.store();
      } else if (status == 202) {
        d.status = DeliveryStatus.RESERVED;
        d.dueAt = now + DELAY_SECONDS * 1000L;
        d.store();
      } else {
        failed(d, now + DELAY_SECONDS * 1000L);
      }
      finishIfDone(messages.get(messageId));
    }

    void reservation(long messageId, String subscriber, String reservationId) {
      messages.get(messageId).deliveries.get(subscriber).reservationId = reservationId;
    }

    private void failed(Delivery d, long retryAt) {
      if (d.tries > RETRIES) {
        d.status = DeliveryStatus.ERROR;
        reported++;
      } else {
        d.status = DeliveryStatus.RETRYING;
        d.dueAt = retryAt;
      }
      d.store();
    }

    Optional<Delivery> pickReserved(int choice) {
      List<Delivery> reserved = new ArrayList<>();
      for (Message m : messages.values()) {
        for (Delivery d : m.deliveries.values()) {
          if (d.status == DeliveryStatus.RESERVED && !d.inFlight) {
            reserved.add(d);
          }
        }
      }
      return reserved.isEmpty()
          ? Optional.empty()
          : Optional.of(reserved.get(choice % reserved.size()));
    }

    void acknowledged(Delivery d) {
      d.status = DeliveryStatus.DELIVERED;
      d.store();
      finishIfDone(messages.get(d.messageId));
    }

    /** A second passes: due retries start, 202s whose delay ended count as failures. */
    void advance() {
      for (Message m : messages.values()) {
        for (Delivery d : m.deliveries.values()) {
          if (d.inFlight || d.isFinal() || d.dueAt > now) {
            continue;
          }
          if (d.status == DeliveryStatus.RESERVED) {
            failed(d, now);
            if (d.isFinal()) {
              continue;
            }
          }
          attempt(d);
        }
        finishIfDone(m);
      }
    }

    /**
     * The server stopped and started: attempts in flight were never answered, so nothing of them
     * was stored, and they are made again at once. The moment a message finished is not stored: the
     * retention of a finished one counts from its last attempt from then on.
     */
    void restarted() {
      for (Message m : messages.values()) {
        if (m.finishedAt >= 0) {
          m.finishedAt = m.lastTryAt;
        }
        for (Delivery d : m.deliveries.values()) {
          if (d.inFlight) {
            d.inFlight = false;
            d.tries = d.storedTries;
            d.status = d.storedStatus;
            attempt(d);
          }
        }
      }
    }

    private void finishIfDone(Message m) {
      if (m.finishedAt < 0 && m.deliveries.values().stream().allMatch(Delivery::isFinal)) {
        m.finishedAt = now;
      }
    }

    /** Whether the message's statuses can still be read: not a delivered one past retention. */
    boolean readable(Message m) {
      boolean delivered =
          m.finishedAt >= 0
              && m.deliveries.values().stream().allMatch(d -> d.status == DeliveryStatus.DELIVERED);
      return !delivered || m.finishedAt + BackendHarness.PUSH_RETENTION.toMillis() > now + 1000;
    }

    /** Messages not done: some delivery is not final. */
    long pending() {
      return messages.values().stream().filter(m -> m.finishedAt < 0).count();
    }

    List<String> inFlight() {
      List<String> pairs = new ArrayList<>();
      messages.values().stream()
          .sorted(Comparator.comparingLong(m -> m.id))
          .forEach(
              m ->
                  m.deliveries.values().stream()
                      .filter(d -> d.inFlight)
                      .forEach(d -> pairs.add(m.id + "/" + d.subscriber)));
      return pairs;
    }
  }
}
