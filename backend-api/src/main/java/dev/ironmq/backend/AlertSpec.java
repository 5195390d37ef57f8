package dev.ironmq.backend;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * An alert as a request describes it, before it is checked.
 *
 * @param type {@code fixed} or {@code progressive}
 * @param trigger the size, or step, that fires it
 * @param direction {@code asc} (default) or {@code desc}
 * @param queue the queue that receives alert messages
 * @param snoozeSeconds the minimum time between firings
 */
public record AlertSpec(
    Optional<String> type,
    OptionalInt trigger,
    Optional<String> direction,
    Optional<String> queue,
    OptionalInt snoozeSeconds) {}
