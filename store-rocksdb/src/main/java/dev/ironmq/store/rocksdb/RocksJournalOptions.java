package dev.ironmq.store.rocksdb;

import dev.ironmq.backend.CommitObserver;
import java.time.Duration;

/**
 * How the embedded store is opened.
 *
 * @param fsync when the write-ahead log is forced to disk
 * @param fsyncInterval the period of {@link FsyncPolicy#INTERVAL}
 * @param dataLoss what opening a damaged store does
 * @param commits hears of each group commit: its size, and when it is durable
 */
public record RocksJournalOptions(
    FsyncPolicy fsync, Duration fsyncInterval, DataLossPolicy dataLoss, CommitObserver commits) {
  /** These settings, observed by nobody. */
  public RocksJournalOptions(FsyncPolicy fsync, Duration fsyncInterval, DataLossPolicy dataLoss) {
    this(fsync, fsyncInterval, dataLoss, CommitObserver.NONE);
  }

  /** These sync settings, refusing a damaged store. */
  public RocksJournalOptions(FsyncPolicy fsync, Duration fsyncInterval) {
    this(fsync, fsyncInterval, DataLossPolicy.REFUSE);
  }
}
