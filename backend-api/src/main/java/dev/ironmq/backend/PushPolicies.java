package dev.ironmq.backend;

import dev.ironmq.backend.problem.ProblemException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The rules of push settings and subscriber lists. */
public final class PushPolicies {
  public static final int DEFAULT_RETRIES = 3;
  public static final int MAX_RETRIES = 100;
  public static final int DEFAULT_RETRIES_DELAY_SECONDS = 60;
  public static final int MIN_RETRIES_DELAY_SECONDS = 3;
  public static final int MAX_RETRIES_DELAY_SECONDS = 86_400;
  public static final int MAX_SUBSCRIBERS = 100;

  private PushPolicies() {}

  /** The push policy after a change, starting from the current one (or the defaults). */
  public static PushPolicy apply(
      QueueRef ref, Optional<PushPolicy> current, PushChange change, ConfigRules rules) {
    List<Subscriber> subscribers =
        change
            .subscribers()
            .orElseGet(() -> current.map(PushPolicy::subscribers).orElse(List.of()));
    int retries = change.retries().orElse(current.map(PushPolicy::retries).orElse(DEFAULT_RETRIES));
    int delay =
        change
            .retriesDelaySeconds()
            .orElse(
                current.map(PushPolicy::retriesDelaySeconds).orElse(DEFAULT_RETRIES_DELAY_SECONDS));
    String errorQueue = change.errorQueue().orElse(current.map(PushPolicy::errorQueue).orElse(""));
    return check(ref, new PushPolicy(subscribers, retries, delay, errorQueue), rules);
  }

  /** The policy after a subscriber endpoint's change. */
  public static PushPolicy apply(
      QueueRef ref, PushPolicy current, SubscriberChange change, ConfigRules rules) {
    List<Subscriber> subscribers = new ArrayList<>(current.subscribers());
    if (change instanceof SubscriberChange.Add add) {
      for (Subscriber subscriber : add.subscribers()) {
        int existing = indexOf(subscribers, subscriber.name());
        if (existing >= 0) {
          subscribers.set(existing, subscriber);
        } else {
          subscribers.add(subscriber);
        }
      }
    } else if (change instanceof SubscriberChange.Replace replace) {
      subscribers = new ArrayList<>(replace.subscribers());
    } else if (change instanceof SubscriberChange.Remove remove) {
      subscribers.removeIf(
          s -> remove.namesOrUrls().contains(s.name()) || remove.namesOrUrls().contains(s.url()));
    }
    return check(
        ref,
        new PushPolicy(
            subscribers, current.retries(), current.retriesDelaySeconds(), current.errorQueue()),
        rules);
  }

  private static PushPolicy check(QueueRef ref, PushPolicy policy, ConfigRules rules) {
    if (policy.subscribers().isEmpty()) {
      throw ProblemException.invalid("A push queue needs at least one subscriber");
    }
    if (policy.subscribers().size() > MAX_SUBSCRIBERS) {
      throw ProblemException.invalid(
          "A push queue has at most " + MAX_SUBSCRIBERS + " subscribers");
    }
    Set<String> names = new HashSet<>();
    for (Subscriber subscriber : policy.subscribers()) {
      if (subscriber.name().isBlank()) {
        throw ProblemException.invalid("Every subscriber needs a name");
      }
      if (!names.add(subscriber.name())) {
        throw ProblemException.invalid("Two subscribers are named " + subscriber.name());
      }
      checkUrl(ref, subscriber.url(), rules);
      for (String header : subscriber.headers().keySet()) {
        if (header.isBlank()) {
          throw ProblemException.invalid("A subscriber header needs a name");
        }
      }
    }
    if (policy.retries() < 0 || policy.retries() > MAX_RETRIES) {
      throw ProblemException.invalid("push.retries must be between 0 and " + MAX_RETRIES);
    }
    if (policy.retriesDelaySeconds() < MIN_RETRIES_DELAY_SECONDS
        || policy.retriesDelaySeconds() > MAX_RETRIES_DELAY_SECONDS) {
      throw ProblemException.invalid(
          "push.retries_delay must be between "
              + MIN_RETRIES_DELAY_SECONDS
              + " and "
              + MAX_RETRIES_DELAY_SECONDS);
    }
    if (!policy.errorQueue().isEmpty()) {
      QueueRef.validateName(policy.errorQueue());
      if (policy.errorQueue().equals(ref.name())) {
        throw ProblemException.invalid("push.error_queue must name another queue");
      }
    }
    return policy;
  }

  private static void checkUrl(QueueRef ref, String url, ConfigRules rules) {
    if (IronMqUrl.isIronMq(url)) {
      IronMqUrl target = IronMqUrl.parse(url);
      if (target.isLocal() && target.target(ref.projectId()).equals(ref)) {
        throw ProblemException.invalid("A queue cannot push into itself: " + url);
      }
      return;
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw ProblemException.invalid("A subscriber URL is malformed: " + url);
    }
    String scheme =
        uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
      throw ProblemException.invalid(
          "A subscriber URL is http://, https:// or ironmq:// with a host: " + url);
    }
    rules
        .transport()
        .refusal(url)
        .ifPresent(
            reason -> {
              throw ProblemException.invalid(reason);
            });
  }

  private static int indexOf(List<Subscriber> subscribers, String name) {
    for (int i = 0; i < subscribers.size(); i++) {
      if (subscribers.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
