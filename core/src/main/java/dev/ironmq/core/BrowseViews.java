package dev.ironmq.core;

import dev.ironmq.backend.BrowseState;
import dev.ironmq.backend.BrowsedMessage;
import dev.ironmq.backend.PushStatus;
import java.util.List;
import java.util.Optional;

/** How browsing names where a message of the index is, and shows it. */
final class BrowseViews {
  private BrowseViews() {}

  /**
   * The browsed state of a message in the index; none for a message a reserve is taking within the
   * current task, or one already gone.
   */
  static Optional<BrowseState> stateOf(MessageEntry entry) {
    return switch (entry.place) {
      case AVAILABLE -> Optional.of(BrowseState.AVAILABLE);
      case DELAYED -> Optional.of(BrowseState.DELAYED);
      case RESERVED -> Optional.of(BrowseState.RESERVED);
      case HELD -> Optional.of(BrowseState.DELIVERING);
      case TAKEN, GONE -> Optional.empty();
    };
  }

  static BrowsedMessage view(
      MessageEntry entry, BrowseState state, int timeoutSeconds, List<PushStatus> statuses) {
    boolean waiting = state == BrowseState.DELAYED || state == BrowseState.RESERVED;
    return new BrowsedMessage(
        entry.id,
        entry.body,
        state,
        entry.postedAt,
        entry.expiresAt,
        waiting ? entry.visibleAt : 0,
        entry.reservedCount,
        timeoutSeconds,
        statuses);
  }
}
