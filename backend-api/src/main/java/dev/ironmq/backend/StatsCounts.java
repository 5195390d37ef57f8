package dev.ironmq.backend;

/**
 * What a queue's history holds for one minute or one hour: its size at the end, and what happened
 * to its messages during it.
 *
 * @param size messages in the queue at the end of the period
 * @param posted messages posted
 * @param reserved messages reserved
 * @param deleted messages deleted by consumers
 * @param pushDelivered push attempts that delivered (a 2xx, or a 202)
 * @param pushFailed push attempts that failed
 */
public record StatsCounts(
    long size, long posted, long reserved, long deleted, long pushDelivered, long pushFailed) {
  public static final StatsCounts ZERO = new StatsCounts(0, 0, 0, 0, 0, 0);

  /** A later period added to this one: the counts summed, the size of the later one. */
  public StatsCounts plus(StatsCounts later) {
    return new StatsCounts(
        later.size,
        posted + later.posted,
        reserved + later.reserved,
        deleted + later.deleted,
        pushDelivered + later.pushDelivered,
        pushFailed + later.pushFailed);
  }

  /** Whether anything was counted (the size aside). */
  public boolean counted() {
    return posted != 0 || reserved != 0 || deleted != 0 || pushDelivered != 0 || pushFailed != 0;
  }
}
