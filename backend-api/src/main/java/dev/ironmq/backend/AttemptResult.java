package dev.ironmq.backend;

/**
 * How one subscriber answered the last attempt to deliver to it.
 *
 * @param subscriberName the subscriber
 * @param statusCode the HTTP status, or 0 when there was none (refused, timed out)
 * @param message the reason, for people
 */
public record AttemptResult(String subscriberName, int statusCode, String message) {}
