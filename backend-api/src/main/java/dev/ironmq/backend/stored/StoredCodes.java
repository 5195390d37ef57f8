package dev.ironmq.backend.stored;

import dev.ironmq.backend.DeliveryStatus;
import dev.ironmq.backend.QueueType;

/**
 * The codes under which enums are stored, by the embedded store and by PostgreSQL alike. They are
 * part of the stored format: a code once written keeps its meaning forever, whatever the order or
 * the names of the Java constants, so a new constant takes a new code and an old code is never
 * reused. The switches are exhaustive, so a constant without a code does not compile. A code a
 * reader does not know is refused with an {@link IllegalStateException}.
 */
public final class StoredCodes {
  private StoredCodes() {}

  public static byte code(DeliveryStatus status) {
    return switch (status) {
      case QUEUED -> 0;
      case RESERVED -> 1;
      case RETRYING -> 2;
      case DELIVERED -> 3;
      case ERROR -> 4;
    };
  }

  public static DeliveryStatus deliveryStatus(int code) {
    return switch (code) {
      case 0 -> DeliveryStatus.QUEUED;
      case 1 -> DeliveryStatus.RESERVED;
      case 2 -> DeliveryStatus.RETRYING;
      case 3 -> DeliveryStatus.DELIVERED;
      case 4 -> DeliveryStatus.ERROR;
      default -> throw new IllegalStateException("unknown delivery status code " + code);
    };
  }

  public static String code(QueueType type) {
    return switch (type) {
      case PULL -> "pull";
      case UNICAST -> "unicast";
      case MULTICAST -> "multicast";
    };
  }

  public static QueueType queueType(String code) {
    return switch (code) {
      case "pull" -> QueueType.PULL;
      case "unicast" -> QueueType.UNICAST;
      case "multicast" -> QueueType.MULTICAST;
      default -> throw new IllegalStateException("unknown queue type '" + code + "'");
    };
  }
}
