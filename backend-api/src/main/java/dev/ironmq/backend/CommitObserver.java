package dev.ironmq.backend;

/**
 * Hears of the store's commits, for monitoring: how many writes each one gathered (group commit)
 * and, through the {@link Commit} it answers, when it ended. Called on the store's own threads; an
 * implementation must be thread-safe and must not block.
 */
@FunctionalInterface
public interface CommitObserver {
  /** A commit of {@code writes} writes (posts, reserves, deletes...) begins. */
  Commit begin(int writes);

  /** One commit under way. */
  @FunctionalInterface
  interface Commit {
    /** The commit is durable ({@code ok}) or failed. */
    void end(boolean ok);
  }

  /** Hears nothing. */
  CommitObserver NONE = writes -> ok -> {};
}
