package dev.ironmq.client;

/**
 * Where a message goes once it was reserved too many times.
 *
 * @param queueName the dead-letter queue (created when needed)
 * @param maxReservations reservations after which the message is moved there
 */
public record DeadLetter(String queueName, int maxReservations) {}
