package dev.ironmq.backend;

/**
 * A project: the unit of isolation for queues.
 *
 * @param projectId 24 lowercase hex characters
 * @param name a label for people
 * @param createdAt epoch milliseconds
 */
public record ProjectRecord(String projectId, String name, long createdAt) {}
