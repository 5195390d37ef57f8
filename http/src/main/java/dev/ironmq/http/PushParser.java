package dev.ironmq.http;

import dev.ironmq.backend.PushChange;
import dev.ironmq.backend.Subscriber;
import dev.ironmq.backend.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Reads subscribers and push settings, as API v3 and API v1 send them. */
public final class PushParser {
  private PushParser() {}

  /**
   * A subscriber list. v3 subscribers need a name; a v1 subscriber has only a URL, which then
   * serves as its name.
   */
  public static List<Subscriber> subscribers(JsonBody body, String field, boolean namesRequired) {
    List<Subscriber> subscribers = new ArrayList<>();
    for (JsonBody entry : body.objects(field)) {
      String url = entry.requiredString("url");
      String name =
          namesRequired
              ? entry.requiredString("name")
              : entry.string("name").filter(n -> !n.isEmpty()).orElse(url);
      subscribers.add(new Subscriber(name, url, entry.stringMap("headers")));
    }
    return subscribers;
  }

  /** The {@code subscribers} of a request that adds or replaces them: at least one. */
  public static List<Subscriber> someSubscribers(JsonBody body, boolean namesRequired) {
    List<Subscriber> subscribers = subscribers(body, "subscribers", namesRequired);
    if (subscribers.isEmpty()) {
      throw ProblemException.invalid("subscribers must list at least one subscriber");
    }
    return subscribers;
  }

  /** The names (v3) or URLs (v1) of the subscribers to remove. */
  public static List<String> subscriberKeys(JsonBody body) {
    List<String> keys = new ArrayList<>();
    for (JsonBody entry : body.objects("subscribers")) {
      Optional<String> name = entry.string("name").filter(n -> !n.isEmpty());
      keys.add(name.orElseGet(() -> entry.requiredString("url")));
    }
    if (keys.isEmpty()) {
      throw ProblemException.invalid("subscribers must name at least one subscriber");
    }
    return keys;
  }

  /** The v3 {@code push} object. */
  public static PushChange v3(JsonBody push) {
    return new PushChange(
        push.has("subscribers")
            ? Optional.of(subscribers(push, "subscribers", true))
            : Optional.empty(),
        optional(push, "retries"),
        positive(push, "retries_delay"),
        push.string("error_queue"));
  }

  /** The push settings of a v1 queue update, which sends them at the top level. */
  public static Optional<PushChange> v1(JsonBody body) {
    if (!body.has("subscribers")
        && !body.has("retries")
        && !body.has("retries_delay")
        && !body.has("error_queue")) {
      return Optional.empty();
    }
    return Optional.of(
        new PushChange(
            body.has("subscribers")
                ? Optional.of(subscribers(body, "subscribers", false))
                : Optional.empty(),
            optional(body, "retries"),
            positive(body, "retries_delay"),
            body.string("error_queue")));
  }

  /** An integer where 0 is a real value (0 retries). */
  private static OptionalInt optional(JsonBody body, String field) {
    return body.has(field) ? OptionalInt.of(body.integer(field, 0)) : OptionalInt.empty();
  }

  /** An integer where 0 means "not set". */
  private static OptionalInt positive(JsonBody body, String field) {
    int value = body.integer(field, 0);
    return value == 0 ? OptionalInt.empty() : OptionalInt.of(value);
  }
}
