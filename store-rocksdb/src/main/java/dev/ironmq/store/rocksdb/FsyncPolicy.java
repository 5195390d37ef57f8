package dev.ironmq.store.rocksdb;

/**
 * When the write-ahead log is forced to disk. Every policy writes each batch to the log before its
 * commit completes, so a crash of the server process alone never loses a completed commit; the
 * policies differ in what a crash of the machine (or a power loss) can take.
 */
public enum FsyncPolicy {
  /** Each group of batches is fsynced before their commits complete. Nothing is lost. */
  ALWAYS,
  /** The log is fsynced on a timer; a machine crash loses at most one interval of commits. */
  INTERVAL,
  /** The operating system decides when to write back; a machine crash may lose recent commits. */
  NEVER
}
