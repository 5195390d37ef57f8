package dev.ironmq.core;

import dev.ironmq.backend.QueueConfig;
import dev.ironmq.backend.ReservationCheck;
import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import dev.ironmq.core.MessageEntry.Place;
import java.util.Optional;

/**
 * The rules of reservations: how long one lasts, and who may delete, touch or release a message.
 * Each reserve and each touch makes a new reservation id; only the current one is accepted.
 */
final class Reservations {
  /**
   * What a caller shows to act on a message: a reservation id or none, and whether it must be the
   * current one (API v3) or is not checked (API v1, which has no reservation ids).
   */
  record Claim(Optional<String> reservationId, ReservationCheck check) {}

  private Reservations() {}

  /** A reservation's length: the one asked for, else the message's own, else the queue's. */
  static int timeoutFor(MessageEntry entry, int requested, QueueConfig config) {
    if (requested > 0) {
      return requested;
    }
    return entry.timeoutSeconds > 0 ? entry.timeoutSeconds : config.messageTimeoutSeconds();
  }

  /** A reserved message needs its current reservation; an unreserved one must be shown none. */
  static void checkMayDelete(MessageEntry entry, Claim claim) {
    if (claim.check() == ReservationCheck.NONE) {
      return;
    }
    if (entry.place == Place.RESERVED) {
      if (claim.reservationId().isEmpty()) {
        throw ProblemException.of(
            new Problem.ReservationMismatch(
                "Message is reserved; its reservation_id is required to delete it"));
      }
      if (!claim.reservationId().get().equals(entry.reservationId)) {
        throw mismatch();
      }
    } else if (claim.reservationId().isPresent()) {
      throw mismatch();
    }
  }

  /** A delivered push message has no reservation to show. */
  static void checkMayDeleteReceipt(Claim claim) {
    if (claim.check() == ReservationCheck.CURRENT_RESERVATION
        && claim.reservationId().isPresent()) {
      throw mismatch();
    }
  }

  /** The message, when it is reserved under the reservation claimed. */
  static MessageEntry findReserved(MessageEntry entry, Claim claim) {
    if (entry.place != Place.RESERVED) {
      throw ProblemException.of(
          new Problem.ReservationMismatch("Message is not reserved; its reservation has ended"));
    }
    if (claim.check() == ReservationCheck.CURRENT_RESERVATION
        && !claim.reservationId().map(entry.reservationId::equals).orElse(false)) {
      throw mismatch();
    }
    return entry;
  }

  private static ProblemException mismatch() {
    return ProblemException.of(
        new Problem.ReservationMismatch("Reservation timed out or was replaced"));
  }
}
