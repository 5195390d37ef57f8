package dev.ironmq.backend.push;

/** What happens to a push delivery: the events of {@link DeliveryRules}. */
public sealed interface DeliveryEvent {
  /**
   * Its next attempt is due; for a 202 awaiting acknowledgement, its reservation ended
   * unacknowledged.
   *
   * @param reservationId the reservation of the attempt this starts, if it starts one
   */
  record Due(String reservationId) implements DeliveryEvent {}

  /**
   * The subscriber answered a 2xx other than 202.
   *
   * @param recorded whether the delivered state is already written (a copy into a queue writes it
   *     with the copy)
   */
  record Delivered(int statusCode, boolean recorded) implements DeliveryEvent {}

  /** The subscriber answered 202: it took the message and will acknowledge it. */
  record Accepted() implements DeliveryEvent {}

  /** Anything else: another status, a refused connection, a timeout. */
  record Failed(int statusCode, String message) implements DeliveryEvent {}

  /** The subscriber acknowledged its 202. */
  record Acknowledged() implements DeliveryEvent {}
}
