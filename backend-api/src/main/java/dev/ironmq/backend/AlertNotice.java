package dev.ironmq.backend;

/**
 * What an alert posts to its queue when it fires (§6.2).
 *
 * @param sourceQueue the queue whose size crossed the trigger
 * @param queueSize its size now
 * @param alertId the alert
 * @param progressive whether it fires at every multiple of its trigger
 * @param descending whether it watches the size going down
 * @param trigger its trigger
 * @param firedAt epoch milliseconds
 */
public record AlertNotice(
    String sourceQueue,
    long queueSize,
    String alertId,
    boolean progressive,
    boolean descending,
    int trigger,
    long firedAt) {}
