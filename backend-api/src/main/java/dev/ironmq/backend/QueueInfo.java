package dev.ironmq.backend;

/**
 * A queue as the API shows it.
 *
 * @param ref project and name
 * @param size messages in the queue now: available, reserved and delayed
 * @param totalMessages messages ever posted to it
 * @param config its settings
 */
public record QueueInfo(QueueRef ref, long size, long totalMessages, QueueConfig config) {}
