package dev.ironmq.backend;

/**
 * A queue-size alert of a pull queue.
 *
 * @param id server-generated
 * @param progressive false for a {@code fixed} alert
 * @param descending false for {@code asc}
 * @param trigger the size (or step, for progressive alerts) that fires the alert
 * @param targetQueue the queue that receives alert messages
 * @param snoozeSeconds the minimum time between two firings; 0 for none
 */
public record AlertRecord(
    String id,
    boolean progressive,
    boolean descending,
    int trigger,
    String targetQueue,
    int snoozeSeconds) {}
