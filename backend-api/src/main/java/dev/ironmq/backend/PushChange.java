package dev.ironmq.backend;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The push settings a request names; what it leaves out stays as it is (or takes its default).
 *
 * @param subscribers the new subscriber list, replacing the old one
 * @param retries attempts after the first (0 allowed)
 * @param retriesDelaySeconds the pause between attempts
 * @param errorQueue where exhausted deliveries are reported; empty string to stop reporting
 */
public record PushChange(
    Optional<List<Subscriber>> subscribers,
    OptionalInt retries,
    OptionalInt retriesDelaySeconds,
    Optional<String> errorQueue) {}
