package dev.ironmq.backend;

/**
 * What a consumer asks of a reserve.
 *
 * @param count at most this many messages
 * @param timeoutSeconds the reservation length; 0 for the message's or the queue's default
 * @param waitSeconds how long to wait for a message when none is available; 0 for no wait
 * @param delete remove the messages at once instead of reserving them
 */
public record ReserveRequest(int count, int timeoutSeconds, int waitSeconds, boolean delete) {}
