package dev.ironmq.client;

/**
 * An alert: when the queue's size crosses {@code trigger}, a message is posted to {@code queue}.
 *
 * @param id its id, given by the server (null when adding one)
 * @param type {@code fixed} (once per crossing) or {@code progressive} (at every multiple)
 * @param direction {@code asc} (growing past the trigger) or {@code desc} (shrinking below it)
 * @param trigger the size that fires it
 * @param queue the queue the alert's message goes to
 * @param snooze seconds during which it does not fire again (null: 0)
 */
public record Alert(
    String id, String type, String direction, Integer trigger, String queue, Integer snooze) {

  /** An alert that fires once each time the size grows past {@code trigger}. */
  public static Alert whenSizeReaches(int trigger, String queue) {
    return new Alert(null, "fixed", "asc", trigger, queue, null);
  }
}
