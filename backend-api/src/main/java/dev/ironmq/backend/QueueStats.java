package dev.ironmq.backend;

/**
 * A minute of one queue, as the server's stats collector records it.
 *
 * @param ref the queue
 * @param counts its size at the end of the minute and what happened during it
 */
public record QueueStats(QueueRef ref, StatsCounts counts) {}
