package dev.ironmq.backend;

/**
 * Where a pull queue moves a message that has been reserved too often.
 *
 * @param queueName the queue (in the same project) that receives such messages
 * @param maxReservations how many reservations a message may have had before the next reserve moves
 *     it instead of returning it
 */
public record DeadLetterPolicy(String queueName, int maxReservations) {}
