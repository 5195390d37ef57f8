package dev.ironmq.store;

import dev.ironmq.backend.QueueConfig;

/**
 * A queue as stored.
 *
 * @param queueId internal id, never reused, so that a queue deleted and created again under the
 *     same name shares nothing with its predecessor
 * @param projectId the owning project
 * @param name the queue name, unique within the project
 * @param config the settings
 * @param createdAt epoch milliseconds
 */
public record QueueRecord(
    long queueId, String projectId, String name, QueueConfig config, long createdAt) {}
