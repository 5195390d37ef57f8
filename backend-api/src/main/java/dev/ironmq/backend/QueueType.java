package dev.ironmq.backend;

/** How a queue hands out its messages: pulled by consumers, or pushed to subscribers. */
public enum QueueType {
  PULL("pull"),
  UNICAST("unicast"),
  MULTICAST("multicast");

  private final String wireName;

  QueueType(String wireName) {
    this.wireName = wireName;
  }

  /** The name used by the API and in persisted records. */
  public String wireName() {
    return wireName;
  }

  public boolean isPush() {
    return this != PULL;
  }

  /** Returns the type with this wire name, or empty when there is none. */
  public static java.util.Optional<QueueType> fromWireName(String name) {
    for (QueueType type : values()) {
      if (type.wireName.equals(name)) {
        return java.util.Optional.of(type);
      }
    }
    return java.util.Optional.empty();
  }
}
