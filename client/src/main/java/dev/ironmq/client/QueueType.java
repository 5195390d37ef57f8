package dev.ironmq.client;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Whether a queue is pulled by workers or pushes its messages to subscribers. */
public enum QueueType {
  /** Workers reserve and delete. */
  PULL,
  /** Every message goes to every subscriber. */
  MULTICAST,
  /** Every message goes to one subscriber. */
  UNICAST;

  @JsonValue
  String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  static QueueType fromWire(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
