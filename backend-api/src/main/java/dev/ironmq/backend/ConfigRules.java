package dev.ironmq.backend;

/**
 * What checking a queue's settings needs beyond the request: the push transport's policy on
 * subscriber URLs, and the progressive alerts of other queues.
 */
public record ConfigRules(PushTransport transport, AlertLoops alertLoops) {}
