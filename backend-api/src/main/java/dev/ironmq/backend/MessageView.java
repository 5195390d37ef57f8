package dev.ironmq.backend;

/**
 * A message as peek and get-by-id show it: without its reservation id.
 *
 * @param id the message id
 * @param body the body
 * @param reservedCount times reserved so far
 * @param reserved whether it is reserved now
 * @param timeoutSeconds its reservation length
 * @param pushStatuses its deliveries, for a message of a push queue
 */
public record MessageView(
    long id,
    String body,
    int reservedCount,
    boolean reserved,
    int timeoutSeconds,
    java.util.List<PushStatus> pushStatuses) {}
