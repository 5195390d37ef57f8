package dev.ironmq.backend;

import dev.ironmq.backend.problem.ProblemException;
import java.util.EnumSet;
import java.util.Set;

/**
 * What a browse asks for: a page of a queue's messages in id order (the order they were posted).
 *
 * @param states only messages in one of these states
 * @param afterId only messages whose id is greater (the cursor of the page before); 0 from the
 *     start
 * @param count at most this many messages
 * @param bodyPrefix only messages whose body starts with this text; empty for all
 */
public record BrowseRequest(Set<BrowseState> states, long afterId, int count, String bodyPrefix) {
  public BrowseRequest {
    if (states.isEmpty()) {
      throw ProblemException.invalid("state must name at least one state");
    }
    MessageRules.checkCount(count, "n", Limits.MAX_PER_PAGE);
    if (afterId < 0) {
      throw ProblemException.invalid("cursor must be a message id");
    }
    states = Set.copyOf(EnumSet.copyOf(states));
  }

  /** The first page of every message, {@code count} at a time. */
  public static BrowseRequest all(int count) {
    return new BrowseRequest(EnumSet.allOf(BrowseState.class), 0, count, "");
  }

  /** Whether a message in this state with this body is asked for. */
  public boolean wants(BrowseState state, String body) {
    return states.contains(state) && body.startsWith(bodyPrefix);
  }
}
