package dev.ironmq.store.rocksdb;

import dev.ironmq.backend.StatsPoint;
import dev.ironmq.backend.StatsStep;
import dev.ironmq.store.Batch;
import dev.ironmq.store.JournalDamagedException;
import dev.ironmq.store.JournalException;
import dev.ironmq.store.JournalVisitor;
import dev.ironmq.store.rocksdb.RocksSettings.LogReplay;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.FlushOptions;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One opening of the RocksDB store: the database, its options, and the threads that write to it. A
 * {@link RocksJournal} holds one at a time, and replaces it when it reopens the store after writes
 * failed.
 *
 * <p>Opening checks the store for damage before anything is served: the write-ahead log's records
 * (RocksDB), and that no write known to be on disk is missing from it ({@link SyncedSequence}).
 * Damage ends the open with a {@link JournalDamagedException}, unless the policy accepts data loss.
 */
final class OpenStore implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OpenStore.class);

  static {
    RocksDB.loadLibrary();
  }

  private final Path directory;
  private final RocksDB db;
  private final RocksSettings settings;
  private final RocksLog rocksLog;
  private final List<ColumnFamilyHandle> handles;
  private final ColumnFamilies families;
  private final DataLossPolicy policy;
  private final SyncedSequence synced;
  private final GroupCommitWriter writer;
  private final Optional<ScheduledExecutorService> walSyncer;
  private final FsyncPolicy fsync;
  private boolean closed;

  private OpenStore(
      Path directory,
      RocksDB db,
      RocksSettings settings,
      RocksLog rocksLog,
      List<ColumnFamilyHandle> handles,
      RocksJournalOptions options,
      Consumer<JournalException> onWriteFailure) {
    this.directory = directory;
    this.db = db;
    this.settings = settings;
    this.rocksLog = rocksLog;
    this.handles = handles;
    this.policy = options.dataLoss();
    this.fsync = options.fsync();
    this.families =
        new ColumnFamilies(
            handles.get(0), handles.get(1), handles.get(2), handles.get(3), handles.get(4));
    this.synced = SyncedSequence.start(directory, db.getLatestSequenceNumber());
    this.writer =
        new GroupCommitWriter(
            db,
            new BatchWriter(families, readSequences()),
            fsync == FsyncPolicy.ALWAYS,
            synced::advanceTo,
            onWriteFailure,
            options.commits());
    this.walSyncer =
        fsync == FsyncPolicy.INTERVAL
            ? Optional.of(startWalSyncer(options.fsyncInterval()))
            : Optional.empty();
  }

  /**
   * Opens (creating if needed) the store in a directory. Under the refusing policy a damaged log
   * ends the open; under the accepting one, what can be replayed is.
   */
  static OpenStore open(
      Path directory, RocksJournalOptions options, Consumer<JournalException> onWriteFailure) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new JournalException("cannot create the store directory " + directory, e);
    }
    OptionalLong syncedBefore = SyncedSequence.read(directory);
    if (options.dataLoss() == DataLossPolicy.REFUSE) {
      return openWith(LogReplay.STRICT, directory, syncedBefore, options, onWriteFailure);
    }
    try {
      return openWith(LogReplay.SKIP_DAMAGED, directory, syncedBefore, options, onWriteFailure);
    } catch (JournalDamagedException cannotSkip) {
      log.error(
          "A damaged record of the write-ahead log cannot be skipped ({}); replaying the log up to"
              + " the first damage instead",
          cannotSkip.getMessage());
      return openWith(LogReplay.STOP_AT_DAMAGE, directory, syncedBefore, options, onWriteFailure);
    }
  }

  private static OpenStore openWith(
      LogReplay replay,
      Path directory,
      OptionalLong syncedBefore,
      RocksJournalOptions options,
      Consumer<JournalException> onWriteFailure) {
    RocksLog rocksLog = new RocksLog();
    RocksSettings settings = new RocksSettings(replay, rocksLog);
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    RocksDB db;
    try {
      db = RocksDB.open(settings.db, directory.toString(), settings.families, handles);
    } catch (RocksDBException e) {
      settings.close();
      rocksLog.close();
      throw openFailure(directory, e, rocksLog);
    }
    try {
      checkNothingSyncedIsMissing(directory, db, syncedBefore, options.dataLoss());
      Optional<String> dropped = rocksLog.droppedSummary();
      if (dropped.isPresent() && options.dataLoss() == DataLossPolicy.ACCEPT) {
        log.error(
            "Data lost: the damaged part of the write-ahead log, {}, was dropped, and the writes"
                + " in it with it",
            dropped.get());
      } else if (dropped.isPresent()) {
        log.info(
            "The write-ahead log ended with an unfinished write, as a crash during a write leaves"
                + " it; it was never acknowledged and was dropped: {}",
            dropped.get());
      }
      return new OpenStore(directory, db, settings, rocksLog, handles, options, onWriteFailure);
    } catch (RuntimeException e) {
      handles.forEach(ColumnFamilyHandle::close);
      db.close();
      settings.close();
      rocksLog.close();
      throw e;
    }
  }

  private static RuntimeException openFailure(
      Path directory, RocksDBException e, RocksLog rocksLog) {
    Status status = e.getStatus();
    if (status != null && status.getCode() == Status.Code.Corruption) {
      String where =
          rocksLog
              .droppedSummary()
              .map(
                  summary ->
                      "its write-ahead log is damaged: "
                          + summary
                          + "; using it would mean losing the writes in the damaged part")
              .orElse(e.getMessage() + "; using it would mean losing what the damaged part holds");
      return new JournalDamagedException("the store in " + directory + " is damaged: " + where);
    }
    if (e.getMessage() != null && e.getMessage().contains("While lock file")) {
      return new JournalException(
          "the store in " + directory + " is in use by another server (its LOCK file is held)");
    }
    return new JournalException("cannot open the store in " + directory, e);
  }

  /**
   * Refuses a store whose write-ahead log ends before the last write known to be on disk: a log cut
   * short or removed, which RocksDB replays as if nothing were missing.
   */
  private static void checkNothingSyncedIsMissing(
      Path directory, RocksDB db, OptionalLong syncedBefore, DataLossPolicy policy) {
    long recovered = db.getLatestSequenceNumber();
    if (syncedBefore.isEmpty() || syncedBefore.getAsLong() <= recovered) {
      return;
    }
    long missing = syncedBefore.getAsLong() - recovered;
    String what =
        "its write-ahead log ends "
            + missing
            + " writes before the last write that was on disk (write "
            + syncedBefore.getAsLong()
            + "): the log was cut short or removed, and the posts, deletes and reservations in"
            + " those writes are lost";
    if (policy == DataLossPolicy.REFUSE) {
      throw new JournalDamagedException(
          "the store in " + directory + " is damaged, and using it would mean that " + what);
    }
    log.error("Data lost: in the store in {}, {}", directory, what);
  }

  /** A scan under the accepting policy that only collects what could not be read. */
  List<String> scanForLosses() {
    return JournalScan.run(db, families, DataLossPolicy.ACCEPT, JournalVisitor.IGNORING);
  }

  CompletableFuture<Void> commit(Batch batch) {
    return writer.submit(batch);
  }

  /** Average number of batches per disk write so far; 0 before the first write. */
  double averageGroupSize() {
    long rounds = writer.rounds();
    return rounds == 0 ? 0 : (double) writer.batches() / rounds;
  }

  /** Writes the memtables to table files and records what is on disk (for tests of damage). */
  void flushForTest() {
    try (FlushOptions options = new FlushOptions().setWaitForFlush(true)) {
      db.flush(options, handles);
      synced.advanceTo(db.getLatestSequenceNumber());
      synced.writeNow();
    } catch (RocksDBException e) {
      throw new JournalException("flush failed", e);
    }
  }

  /** Records now what is on disk, as the file's own thread would shortly (for tests). */
  void recordSyncedForTest() {
    synced.writeNow();
  }

  void scan(JournalVisitor visitor) {
    JournalScan.run(db, families, policy, visitor);
  }

  /**
   * A queue's history of one step from {@code from} (inclusive) to {@code to} (exclusive). Keys
   * order periods as unsigned numbers: none starts before 1970.
   */
  List<StatsPoint> stats(long queueId, StatsStep step, long from, long to) {
    from = Math.max(from, 0);
    if (from >= to) {
      return List.of();
    }
    byte code = (byte) step.ordinal();
    List<StatsPoint> points = new ArrayList<>();
    Optional<RangeReader.Gap> gap =
        RangeReader.read(
            db,
            families.queues(),
            Keys.stats(queueId, code, from),
            Keys.stats(queueId, code, to),
            false,
            (key, value) ->
                points.add(new StatsPoint(Keys.statsPeriod(key), RecordCodec.decodeStats(value))));
    if (gap.isPresent()) {
      throw new JournalException(
          "the history of queue " + queueId + " cannot be read: " + gap.get().cause());
    }
    return points;
  }

  private Map<String, Long> readSequences() {
    Map<String, Long> sequences = new HashMap<>();
    try (ReadOptions options = new ReadOptions();
        RocksIterator it = db.newIterator(families.global(), options)) {
      byte[] prefix = {Keys.SEQUENCE};
      for (it.seek(prefix); it.isValid() && it.key()[0] == Keys.SEQUENCE; it.next()) {
        sequences.put(Keys.name(it.key()), ByteBuffer.wrap(it.value()).getLong());
      }
    }
    return sequences;
  }

  private ScheduledExecutorService startWalSyncer(Duration interval) {
    ScheduledExecutorService syncer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "store-wal-sync");
              t.setDaemon(true);
              return t;
            });
    syncer.scheduleWithFixedDelay(
        () -> {
          if (writer.hasFailed()) {
            return;
          }
          try {
            long sequence = db.getLatestSequenceNumber();
            db.flushWal(true);
            synced.advanceTo(sequence);
          } catch (RocksDBException e) {
            log.error("Periodic WAL sync failed", e);
          }
        },
        interval.toMillis(),
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
    return syncer;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    writer.close();
    if (writer.rounds() > 0) {
      log.info(
          "Wrote {} batches in {} disk writes ({} batches per write)",
          writer.batches(),
          writer.rounds(),
          String.format(Locale.ROOT, "%.1f", averageGroupSize()));
    }
    walSyncer.ifPresent(ScheduledExecutorService::shutdownNow);
    boolean failed = writer.hasFailed();
    if (!failed) {
      try {
        long sequence = db.getLatestSequenceNumber();
        db.flushWal(true);
        synced.advanceTo(sequence);
      } catch (RocksDBException e) {
        log.warn("Final WAL sync failed", e);
      }
    }
    synced.close();
    handles.forEach(ColumnFamilyHandle::close);
    try {
      db.closeE();
    } catch (RocksDBException e) {
      if (failed) {
        // RocksDB reports the write that failed once more as it closes; what it holds is in the
        // log, which the next opening replays.
        log.info("Closed the store after its failed write ({})", e.getMessage());
      } else {
        log.warn("Closing the store failed", e);
      }
    }
    settings.close();
    rocksLog.close();
  }
}
