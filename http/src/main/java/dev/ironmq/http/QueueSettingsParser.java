package dev.ironmq.http;

import dev.ironmq.core.QueueChange;
import dev.ironmq.core.Setting;
import dev.ironmq.core.problem.ProblemException;
import dev.ironmq.store.DeadLetterPolicy;
import dev.ironmq.store.QueueType;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads queue settings from a request object (the {@code queue} object of v3, the body of v1). Zero
 * numbers mean "not set", as the Go client sends zeros for everything it leaves out.
 */
public final class QueueSettingsParser {
  private QueueSettingsParser() {}

  public static QueueChange parse(JsonBody settings, String typeField) {
    Optional<QueueType> type =
        settings
            .string(typeField)
            .filter(t -> !t.isEmpty())
            .map(
                t ->
                    QueueType.fromWireName(t)
                        .orElseThrow(
                            () ->
                                ProblemException.invalid(
                                    typeField + " must be pull, unicast or multicast")));
    if (settings.has("push") || settings.has("subscribers")) {
      throw ProblemException.invalid("Push queues are not supported by this server yet");
    }
    if (!settings.array("alerts").isEmpty()) {
      throw ProblemException.invalid("Alerts are not supported by this server yet");
    }
    return new QueueChange(
        type,
        positive(settings, "message_timeout"),
        positive(settings, "message_expiration"),
        deadLetter(settings));
  }

  private static OptionalInt positive(JsonBody settings, String field) {
    int value = settings.integer(field, 0);
    return value == 0 ? OptionalInt.empty() : OptionalInt.of(value);
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
