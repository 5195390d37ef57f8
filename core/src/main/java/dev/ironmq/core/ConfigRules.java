package dev.ironmq.core;

/**
 * What checking a queue's settings needs beyond the request: the push transport's policy on
 * subscriber URLs, and the alerts of other queues.
 */
record ConfigRules(PushTransport transport, AlertGraph alertGraph) {}
