package dev.ironmq.backend;

import java.util.Set;

/**
 * Which queues' progressive alerts post into which queues, across a whole backend, so that a new
 * alert cannot close a loop (alert messages raising the size of a queue whose alerts raise the
 * first one's).
 */
public interface AlertLoops {
  /** Whether alerts of {@code from} into these targets would lead back to {@code from}. */
  boolean wouldLoop(QueueRef from, Set<QueueRef> newTargets);
}
