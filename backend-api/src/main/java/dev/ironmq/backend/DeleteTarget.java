package dev.ironmq.backend;

import java.util.Optional;

/**
 * One message of a batch delete.
 *
 * @param messageId the message
 * @param reservationId its current reservation, required when it is reserved
 */
public record DeleteTarget(long messageId, Optional<String> reservationId) {}
