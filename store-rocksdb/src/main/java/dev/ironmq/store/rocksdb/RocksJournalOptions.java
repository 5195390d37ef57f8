package dev.ironmq.store.rocksdb;

import java.time.Duration;

/**
 * How the embedded store is opened.
 *
 * @param fsync when the write-ahead log is forced to disk
 * @param fsyncInterval the period of {@link FsyncPolicy#INTERVAL}
 * @param dataLoss what opening a damaged store does
 */
public record RocksJournalOptions(
    FsyncPolicy fsync, Duration fsyncInterval, DataLossPolicy dataLoss) {
  /** These sync settings, refusing a damaged store. */
  public RocksJournalOptions(FsyncPolicy fsync, Duration fsyncInterval) {
    this(fsync, fsyncInterval, DataLossPolicy.REFUSE);
  }
}
