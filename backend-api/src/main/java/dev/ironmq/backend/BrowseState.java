package dev.ironmq.backend;

import java.util.Optional;

/** Where a message stands, as browsing shows and filters it. */
public enum BrowseState {
  /** Ready: the next reserve may take it. */
  AVAILABLE("available"),
  /** Posted with a delay, or released with one, and not visible yet. */
  DELAYED("delayed"),
  /** Reserved by a consumer until its reservation ends. */
  RESERVED("reserved"),
  /** A push queue's message while its deliveries run (or after they failed, until it expires). */
  DELIVERING("delivering");

  private final String wireName;

  BrowseState(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<BrowseState> fromWireName(String name) {
    for (BrowseState state : values()) {
      if (state.wireName.equals(name)) {
        return Optional.of(state);
      }
    }
    return Optional.empty();
  }
}
