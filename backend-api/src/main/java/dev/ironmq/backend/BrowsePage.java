package dev.ironmq.backend;

import java.util.List;
import java.util.OptionalLong;

/**
 * A page of a browse.
 *
 * @param messages the messages, in id order
 * @param nextAfterId the cursor of the next page (the last id of this one), when there are more
 */
public record BrowsePage(List<BrowsedMessage> messages, OptionalLong nextAfterId) {}
