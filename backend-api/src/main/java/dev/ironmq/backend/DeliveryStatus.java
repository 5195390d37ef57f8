package dev.ironmq.backend;

import java.util.Optional;

/** Where a push delivery stands, with the names the push-status API shows. */
public enum DeliveryStatus {
  /** Not tried yet. */
  QUEUED("queued"),
  /** The subscriber answered 202 and has until the reservation ends to acknowledge. */
  RESERVED("reserved"),
  /** An attempt failed; another is scheduled. */
  RETRYING("retrying"),
  /** Delivered (a 2xx, or an acknowledged 202). */
  DELIVERED("deleted"),
  /** Every attempt failed; an error message went to the error queue. */
  ERROR("error");

  private final String wireName;

  DeliveryStatus(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Whether nothing more will happen to the delivery. */
  public boolean isFinal() {
    return this == DELIVERED || this == ERROR;
  }

  public static Optional<DeliveryStatus> fromWireName(String name) {
    for (DeliveryStatus status : values()) {
      if (status.wireName.equals(name)) {
        return Optional.of(status);
      }
    }
    return Optional.empty();
  }
}
