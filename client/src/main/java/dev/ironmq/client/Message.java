package dev.ironmq.client;

import java.util.List;

/**
 * A message as the server shows it.
 *
 * @param id its id, a decimal string
 * @param body its body
 * @param reservedCount how many times it was reserved (touches count too)
 * @param reservationId the reservation that holds it, when it came from a reserve (else null)
 * @param pushStatuses its delivery to each subscriber, for a push queue's message (else empty)
 */
public record Message(
    String id,
    String body,
    int reservedCount,
    String reservationId,
    List<SubscriberStatus> pushStatuses) {
  public Message {
    pushStatuses = pushStatuses == null ? List.of() : List.copyOf(pushStatuses);
  }

  /** This message held by another reservation (after a touch). */
  Message withReservation(String newReservationId) {
    return new Message(id, body, reservedCount, newReservationId, pushStatuses);
  }
}
