package dev.ironmq.client;

import java.util.List;

/**
 * A queue as the server describes it.
 *
 * @param name its name
 * @param projectId its project
 * @param type pull, multicast or unicast
 * @param size messages in it now (reserved and delayed ones included)
 * @param totalMessages messages ever posted to it
 * @param messageTimeout default reservation, in seconds
 * @param messageExpiration message lifetime, in seconds
 * @param deadLetter where over-reserved messages go, or null
 * @param push push settings, or null for a pull queue
 * @param alerts its alerts
 */
public record QueueInfo(
    String name,
    String projectId,
    QueueType type,
    long size,
    long totalMessages,
    int messageTimeout,
    int messageExpiration,
    DeadLetter deadLetter,
    PushSettings push,
    List<Alert> alerts) {
  public QueueInfo {
    alerts = alerts == null ? List.of() : List.copyOf(alerts);
  }
}
