package dev.ironmq.backend;

/**
 * A message handed to a consumer by a reserve.
 *
 * @param id the message id
 * @param body the body
 * @param reservedCount times reserved, this time included
 * @param reservationId what the consumer shows to delete, touch or release it
 * @param timeoutSeconds the length of this reservation
 */
public record ReservedMessage(
    long id, String body, int reservedCount, String reservationId, int timeoutSeconds) {}
