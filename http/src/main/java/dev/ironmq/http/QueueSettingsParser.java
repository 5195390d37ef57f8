package dev.ironmq.http;

import dev.ironmq.backend.AlertChange;
import dev.ironmq.backend.AlertSpec;
import dev.ironmq.backend.DeadLetterPolicy;
import dev.ironmq.backend.PushChange;
import dev.ironmq.backend.QueueChange;
import dev.ironmq.backend.QueueType;
import dev.ironmq.backend.Setting;
import dev.ironmq.backend.problem.ProblemException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads queue settings: the {@code queue} object of v3, or the body of a v1 queue update. Zero
 * numbers mean "not set", as the Go client sends zeros for everything it leaves out.
 */
public final class QueueSettingsParser {
  private QueueSettingsParser() {}

  /**
   * v3 settings. {@code alerts} decides what the request's alerts do to the queue's: a create (PUT)
   * replaces them, an update (PATCH) adds to them.
   */
  public static QueueChange v3(JsonBody settings, Function<List<AlertSpec>, AlertChange> alerts) {
    QueueChange change = common(settings, "type");
    if (settings.object("push").isPresent()) {
      change = change.withPush(PushParser.v3(settings.object("push").get()));
    }
    if (settings.has("alerts")) {
      change = change.withAlerts(alerts.apply(AlertParser.alerts(settings)));
    }
    return change;
  }

  /**
   * v1 settings: push settings at the top level, and a pull queue may become a push queue (the
   * reverse is refused, see docs/api-choices.md).
   */
  public static QueueChange v1(JsonBody body) {
    QueueChange change = common(body, "push_type").allowingPullToPush();
    Optional<PushChange> push = PushParser.v1(body);
    if (push.isPresent()) {
      change = change.withPush(push.get());
    }
    if (body.has("alerts")) {
      change = change.withAlerts(new AlertChange.Replace(AlertParser.alerts(body)));
    }
    return change;
  }

  private static QueueChange common(JsonBody settings, String typeField) {
    QueueChange change = QueueChange.none();
    Optional<String> type = settings.string(typeField).filter(t -> !t.isEmpty());
    if (type.isPresent()) {
      change =
          change.withType(
              QueueType.fromWireName(type.get())
                  .orElseThrow(
                      () ->
                          ProblemException.invalid(
                              typeField + " must be pull, unicast or multicast")));
    }
    int timeout = settings.integer("message_timeout", 0);
    if (timeout != 0) {
      change = change.withMessageTimeout(timeout);
    }
    int expiration = settings.integer("message_expiration", 0);
    if (expiration != 0) {
      change = change.withMessageExpiration(expiration);
    }
    return change.withDeadLetter(deadLetter(settings));
  }

  private static Setting<DeadLetterPolicy> deadLetter(JsonBody settings) {
    Optional<JsonBody> object = settings.object("dead_letter");
    if (object.isEmpty()) {
      return Setting.keep();
    }
    JsonBody deadLetter = object.get();
    Optional<String> queueName = deadLetter.string("queue_name");
    int maxReservations = deadLetter.integer("max_reservations", 0);
    if (queueName.isEmpty()) {
      if (maxReservations != 0) {
        throw ProblemException.invalid(deadLetter.name("queue_name") + " is required");
      }
      return Setting.keep();
    }
    if (queueName.get().isEmpty()) {
      return Setting.remove();
    }
    return Setting.set(new DeadLetterPolicy(queueName.get(), maxReservations));
  }
}
