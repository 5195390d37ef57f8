package dev.ironmq.store;

/**
 * The mutable part of a message: how often it was reserved and whether it is reserved or held back
 * now. A message without a stored state has never been reserved or released.
 *
 * @param queueId the queue it is in
 * @param messageId the message
 * @param reservedCount how many times it was reserved (touches count too)
 * @param reservationId the current reservation, or empty when the message is not reserved
 * @param visibleAt epoch milliseconds: the end of the reservation, or of a release delay
 */
public record MessageState(
    long queueId, long messageId, int reservedCount, String reservationId, long visibleAt) {

  public boolean isReserved() {
    return !reservationId.isEmpty();
  }
}
