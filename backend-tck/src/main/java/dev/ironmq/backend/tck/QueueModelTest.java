package dev.ironmq.backend.tck;

import static dev.ironmq.backend.tck.BackendHarness.done;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ironmq.backend.MessageView;
import dev.ironmq.backend.QueueChange;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.ReservationCheck;
import dev.ironmq.backend.ReservedMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Random sequences of queue operations, restarts included, checked against a model that states the
 * rules plainly: a message is hidden while reserved or delayed; returned messages (released, or
 * whose reservation ended) wait in front, the latest return first; the rest wait in the order they
 * became available.
 */
public class QueueModelTest {

  /** One step of a scenario. */
  public record Step(String kind, int amount, int choice) {}

  @Property(tries = 300)
  protected void theEngineBehavesLikeTheModel(
      @ForAll("scenarios") @Size(max = 60) List<Step> steps) {
    BackendHarness harness = new BackendHarness(2);
    QueueRef q = harness.queue("model");
    done(harness.backend.putQueue(q, QueueChange.none()));
    Model model = new Model();

    for (Step step : steps) {
      // Each step in its own millisecond: the order of two returns within one is not specified.
      harness.advance(java.time.Duration.ofMillis(1));
      model.now = harness.clock.millis();
      switch (step.kind()) {
        case "post" -> {
          for (long id : harness.post(q, bodies(step.amount()))) {
            model.post(id, 0);
          }
        }
        case "postDelayed" -> model.post(harness.postDelayed(q, "d", step.amount()), step.amount());
        case "reserve" -> {
          List<ReservedMessage> got = harness.reserve(q, step.amount(), step.choice() + 1);
          List<Long> expected = model.reserve(step.amount(), step.choice() + 1);
          assertThat(got).extracting(ReservedMessage::id).containsExactlyElementsOf(expected);
          got.forEach(m -> model.held.put(m.id(), m.reservationId()));
        }
        case "delete" ->
            model
                .pickHeld(step.choice())
                .ifPresent(
                    id -> {
                      done(
                          harness.backend.deleteMessage(
                              q,
                              id,
                              Optional.of(model.held.get(id)),
                              ReservationCheck.CURRENT_RESERVATION));
                      model.delete(id);
                    });
        case "release" ->
            model
                .pickHeld(step.choice())
                .ifPresent(
                    id -> {
                      done(
                          harness.backend.release(
                              q,
                              id,
                              Optional.of(model.held.get(id)),
                              step.amount() % 3,
                              ReservationCheck.CURRENT_RESERVATION));
                      model.release(id, step.amount() % 3);
                    });
        case "touch" ->
            model
                .pickHeld(step.choice())
                .ifPresent(
                    id -> {
                      ReservedMessage touched =
                          done(
                              harness.backend.touch(
                                  q,
                                  id,
                                  Optional.of(model.held.get(id)),
                                  step.amount(),
                                  ReservationCheck.CURRENT_RESERVATION));
                      model.touch(id, step.amount());
                      model.held.put(id, touched.reservationId());
                    });
        case "advance" -> harness.advance(java.time.Duration.ofMillis(step.amount() * 250L));
        case "restart" -> harness.restart();
        default -> throw new IllegalStateException(step.kind());
      }
      model.now = harness.clock.millis();
      assertThat(done(harness.backend.peek(q, 100)))
          .extracting(MessageView::id)
          .as("available messages after %s", step)
          .containsExactlyElementsOf(model.available());
      assertThat(harness.size(q)).isEqualTo(model.messages.size());
    }
  }

  @Provide
  protected Arbitrary<List<Step>> scenarios() {
    Arbitrary<String> kinds =
        Arbitraries.of(
            "post",
            "post",
            "postDelayed",
            "reserve",
            "reserve",
            "delete",
            "release",
            "touch",
            "advance",
            "advance",
            "restart");
    return Combinators.combine(
            kinds, Arbitraries.integers().between(1, 6), Arbitraries.integers().between(0, 9))
        .as(Step::new)
        .list();
  }

  private static String[] bodies(int count) {
    String[] bodies = new String[count];
    java.util.Arrays.fill(bodies, "m");
    return bodies;
  }

  /** The rules, stated as plainly as possible: state as a function of time. */
  static final class Model {
    static final class Message {
      final long id;
      long availableAt;
      long reservedUntil = -1;
      long returnedAt = -1;
      long releasedUntil = -1;

      Message(long id, long availableAt) {
        this.id = id;
        this.availableAt = availableAt;
      }
    }

    long now;
    final Map<Long, Message> messages = new HashMap<>();
    final Map<Long, String> held = new HashMap<>();

    void post(long id, int delaySeconds) {
      messages.put(id, new Message(id, now + delaySeconds * 1000L));
    }

    /** Brings every message up to now: ended reservations and release delays are returns. */
    private void settle() {
      for (Message m : messages.values()) {
        if (m.reservedUntil >= 0 && m.reservedUntil <= now) {
          m.returnedAt = m.reservedUntil;
          m.reservedUntil = -1;
          held.remove(m.id);
        }
        if (m.releasedUntil >= 0 && m.releasedUntil <= now) {
          m.returnedAt = m.releasedUntil;
          m.releasedUntil = -1;
        }
      }
    }

    List<Long> available() {
      settle();
      List<Message> front = new ArrayList<>();
      List<Message> back = new ArrayList<>();
      for (Message m : messages.values()) {
        if (m.reservedUntil >= 0 || m.releasedUntil >= 0 || m.availableAt > now) {
          continue;
        }
        (m.returnedAt >= 0 ? front : back).add(m);
      }
      front.sort(
          Comparator.<Message>comparingLong(m -> m.returnedAt)
              .thenComparingLong(m -> m.id)
              .reversed());
      back.sort(Comparator.<Message>comparingLong(m -> m.availableAt).thenComparingLong(m -> m.id));
      List<Long> order = new ArrayList<>();
      front.forEach(m -> order.add(m.id));
      back.forEach(m -> order.add(m.id));
      return order;
    }

    List<Long> reserve(int count, int timeoutSeconds) {
      List<Long> taken =
          new ArrayList<>(available().subList(0, Math.min(count, available().size())));
      for (long id : taken) {
        Message m = messages.get(id);
        m.reservedUntil = now + timeoutSeconds * 1000L;
        m.returnedAt = -1;
      }
      return taken;
    }

    Optional<Long> pickHeld(int choice) {
      settle();
      List<Long> ids = new ArrayList<>(held.keySet());
      ids.sort(Comparator.naturalOrder());
      return ids.isEmpty() ? Optional.empty() : Optional.of(ids.get(choice % ids.size()));
    }

    void delete(long id) {
      messages.remove(id);
      held.remove(id);
    }

    void release(long id, int delaySeconds) {
      Message m = messages.get(id);
      held.remove(id);
      m.reservedUntil = -1;
      if (delaySeconds > 0) {
        m.releasedUntil = now + delaySeconds * 1000L;
      } else {
        m.returnedAt = now;
      }
    }

    void touch(long id, int timeoutSeconds) {
      messages.get(id).reservedUntil = now + timeoutSeconds * 1000L;
    }
  }
}
