package dev.ironmq.store;

/**
 * Hears when a journal stops taking writes and when it takes them again. Called one call at a time,
 * on a thread of the journal's own (the memory journal: on the thread that makes its writes fail or
 * resume), where it may block and read the journal.
 */
public interface JournalWatcher {
  JournalWatcher NONE =
      new JournalWatcher() {
        @Override
        public void writesFailed(JournalException cause) {}

        @Override
        public void writesResumed() {}
      };

  /**
   * A write failed, and every commit fails until {@link #writesResumed}. What was durable before
   * the failure can still be read with {@link Journal#scan}.
   */
  void writesFailed(JournalException cause);

  /** The journal takes writes again (space was freed, the store reopened). */
  void writesResumed();
}
