package dev.ironmq.store.rocksdb;

/** What opening a damaged store does. */
public enum DataLossPolicy {
  /** Refuse to open, naming the damaged file and what is at stake. */
  REFUSE,
  /**
   * Keep what can be read: skip damaged records of the write-ahead log, copy what the damaged table
   * files still give into a new store (the old one is kept aside), and log per queue what was lost.
   */
  ACCEPT
}
