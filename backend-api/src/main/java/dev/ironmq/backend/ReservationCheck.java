package dev.ironmq.backend;

/** How a delete, touch or release proves that the caller holds a message's reservation. */
public enum ReservationCheck {
  /**
   * A reserved message needs its current reservation id; a reservation id shown for a message that
   * is no longer reserved under it is refused. This is API v3.
   */
  CURRENT_RESERVATION,
  /** The caller may act on the message whatever its reservation. This is API v1, which has none. */
  NONE
}
