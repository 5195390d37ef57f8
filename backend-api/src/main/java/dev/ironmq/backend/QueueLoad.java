package dev.ironmq.backend;

/**
 * What a queue holds at one moment, for monitoring.
 *
 * @param ref the queue
 * @param size the messages its info reports as its size
 * @param reserved of those, the pull messages under a reservation
 * @param delayed of those, the pull messages waiting out a delay (or a release's delay)
 * @param oldestAvailableAgeMillis of the available messages, the age of the one posted longest ago
 *     (0 when none is available)
 */
public record QueueLoad(
    QueueRef ref, long size, long reserved, long delayed, long oldestAvailableAgeMillis) {}
