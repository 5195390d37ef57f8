package dev.ironmq.client;

import java.util.List;

/**
 * A queue's settings, to create or change it. Null fields are left as they are (or get the server's
 * defaults at creation).
 *
 * @param type pull, multicast or unicast; fixed at creation
 * @param messageTimeout seconds a reservation lasts by default
 * @param messageExpiration seconds a message lives
 * @param deadLetter where over-reserved messages go
 * @param push push delivery settings, for push queues
 * @param alerts size alerts
 */
public record QueueSettings(
    QueueType type,
    Integer messageTimeout,
    Integer messageExpiration,
    DeadLetter deadLetter,
    PushSettings push,
    List<Alert> alerts) {

  /** Nothing set: a pull queue with the server's defaults. */
  public static QueueSettings defaults() {
    return new QueueSettings(null, null, null, null, null, null);
  }

  /** A push queue of this type. */
  public static QueueSettings push(QueueType type, PushSettings push) {
    return new QueueSettings(type, null, null, null, push, null);
  }

  public QueueSettings withMessageTimeout(int seconds) {
    return new QueueSettings(type, seconds, messageExpiration, deadLetter, push, alerts);
  }

  public QueueSettings withMessageExpiration(int seconds) {
    return new QueueSettings(type, messageTimeout, seconds, deadLetter, push, alerts);
  }

  public QueueSettings withDeadLetter(String queue, int maxReservations) {
    return new QueueSettings(
        type,
        messageTimeout,
        messageExpiration,
        new DeadLetter(queue, maxReservations),
        push,
        alerts);
  }

  public QueueSettings withAlerts(List<Alert> alerts) {
    return new QueueSettings(type, messageTimeout, messageExpiration, deadLetter, push, alerts);
  }
}
