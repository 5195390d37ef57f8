package dev.ironmq.backend;

/**
 * An alert of a queue.
 *
 * @param id server-generated
 * @param kind what it watches
 * @param descending false for {@code asc}; only size alerts watch a descent
 * @param trigger the size (or step, for progressive alerts), the age in seconds, or the failure
 *     rate in percent that fires the alert
 * @param targetQueue the queue that receives alert messages
 * @param snoozeSeconds the minimum time between two firings; 0 for none
 */
public record AlertRecord(
    String id,
    AlertKind kind,
    boolean descending,
    int trigger,
    String targetQueue,
    int snoozeSeconds) {

  public boolean progressive() {
    return kind == AlertKind.PROGRESSIVE;
  }
}
