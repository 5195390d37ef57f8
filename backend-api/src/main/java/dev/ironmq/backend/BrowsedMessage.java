package dev.ironmq.backend;

import java.util.List;

/**
 * A message as browsing shows it: everything about it but its reservation id.
 *
 * @param id the message id
 * @param body the body
 * @param state where it stands
 * @param postedAt epoch milliseconds of its post (or of its move here from another queue)
 * @param expiresAt epoch milliseconds at which it expires
 * @param visibleAt epoch milliseconds at which a delayed message becomes available, or a reserved
 *     one's reservation ends; 0 in the other states
 * @param reservedCount times reserved so far
 * @param timeoutSeconds its reservation length
 * @param pushStatuses its deliveries, for a message of a push queue
 */
public record BrowsedMessage(
    long id,
    String body,
    BrowseState state,
    long postedAt,
    long expiresAt,
    long visibleAt,
    int reservedCount,
    int timeoutSeconds,
    List<PushStatus> pushStatuses) {}
