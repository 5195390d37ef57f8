package dev.ironmq.store.rocksdb;

import java.util.List;
import java.util.Properties;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.ConfigOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.Env;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileManager;
import org.rocksdb.TablePropertiesCollectorFactory;

/**
 * RocksDB's options for this store, and the native objects they live in (closed with the store).
 *
 * <p>What they guard against: the write-ahead log is replayed record by record with checksums, and
 * only an unfinished record at the end of a log (what a crash mid-write leaves) may be dropped;
 * damage anywhere else fails the open (or, when data loss is accepted, only the damaged records are
 * skipped). The sizes of synced logs are kept in the manifest, so a closed log that was cut short
 * fails the open too. An {@link SstFileManager} lets RocksDB resume writing by itself once space
 * returns after a full disk.
 */
final class RocksSettings implements AutoCloseable {
  final DBOptions db;
  final List<ColumnFamilyDescriptor> families;
  private final List<ColumnFamilyOptions> familyOptions;
  private final SstFileManager files;

  /**
   * How the write-ahead log is replayed: only an unfinished record at the end of a log may be
   * dropped; or, when data loss is accepted, damaged records are skipped and replay goes on past
   * them; or (when a damaged record cannot be skipped) replay stops at the first damage.
   */
  enum LogReplay {
    STRICT("kTolerateCorruptedTailRecords"),
    SKIP_DAMAGED("kSkipAnyCorruptedRecords"),
    STOP_AT_DAMAGE("kPointInTimeRecovery");

    private final String mode;

    LogReplay(String mode) {
      this.mode = mode;
    }
  }

  RocksSettings(LogReplay replay, org.rocksdb.Logger logger) {
    Properties properties = new Properties();
    properties.setProperty("create_if_missing", "true");
    properties.setProperty("create_missing_column_families", "true");
    properties.setProperty("track_and_verify_wals_in_manifest", "true");
    properties.setProperty("wal_recovery_mode", replay.mode);
    try (ConfigOptions config = new ConfigOptions()) {
      db = DBOptions.getDBOptionsFromProps(config, properties);
    }
    try {
      files = new SstFileManager(Env.getDefault());
    } catch (RocksDBException e) {
      db.close();
      throw new IllegalStateException("cannot create RocksDB's file manager", e);
    }
    db.setMaxBackgroundJobs(2)
        .setKeepLogFileNum(4)
        .setMaxTotalWalSize(256L << 20)
        .setLogger(logger)
        .setSstFileManager(files);
    ColumnFamilyOptions small = new ColumnFamilyOptions().setWriteBufferSize(8L << 20);
    ColumnFamilyOptions messages = messageFamilyOptions();
    ColumnFamilyOptions states = new ColumnFamilyOptions().setWriteBufferSize(16L << 20);
    familyOptions = List.of(small, messages, states);
    families =
        List.of(
            new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, small),
            new ColumnFamilyDescriptor("queues".getBytes(), small),
            new ColumnFamilyDescriptor("messages".getBytes(), messages),
            new ColumnFamilyDescriptor("states".getBytes(), states),
            new ColumnFamilyDescriptor("deliveries".getBytes(), states));
  }

  private static ColumnFamilyOptions messageFamilyOptions() {
    // A queue deletes at its head what it wrote there a moment ago; files full of tombstones are
    // compacted early instead of slowing every later scan. The Java API sets the collector only
    // on Options, whose column family part is then copied.
    try (Options options = new Options()) {
      options.setWriteBufferSize(32L << 20);
      options.setTablePropertiesCollectorFactory(
          List.of(
              TablePropertiesCollectorFactory.NewCompactOnDeletionCollectorFactory(
                  10_000, 5_000, 0.5)));
      return new ColumnFamilyOptions(options);
    }
  }

  @Override
  public void close() {
    db.close();
    familyOptions.forEach(ColumnFamilyOptions::close);
    files.close();
  }
}
