package dev.ironmq.backend;

import java.util.List;

/** A change to a push queue's subscribers, as the subscriber endpoints make it. */
public sealed interface SubscriberChange {
  /** Adds subscribers; one with the name of an existing one replaces it in place. */
  record Add(List<Subscriber> subscribers) implements SubscriberChange {}

  /** Makes the list exactly this. */
  record Replace(List<Subscriber> subscribers) implements SubscriberChange {}

  /** Removes the subscribers with these names (or, API v1, these URLs). */
  record Remove(List<String> namesOrUrls) implements SubscriberChange {}
}
