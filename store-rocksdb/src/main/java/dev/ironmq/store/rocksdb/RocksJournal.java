package dev.ironmq.store.rocksdb;

import dev.ironmq.backend.StatsPoint;
import dev.ironmq.backend.StatsStep;
import dev.ironmq.store.Batch;
import dev.ironmq.store.Journal;
import dev.ironmq.store.JournalCopier;
import dev.ironmq.store.JournalException;
import dev.ironmq.store.JournalVisitor;
import dev.ironmq.store.JournalWatcher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded durable store. Layout in {@link Keys}, value formats in {@link MessageCodec} and
 * {@link RecordCodec}, options in {@link RocksSettings}, each opening of the database in an {@link
 * OpenStore}, writes through its {@link GroupCommitWriter}.
 *
 * <p>When a write fails (a full disk, most often), every later commit fails too, and {@link
 * WriteRecovery} takes over on its own thread: it tells the watcher, waits until the disk has room
 * for what the store must write when it opens, and reopens the store, which replays its log as a
 * restart would; then it tells the watcher that writes work again. RocksDB keeps serving reads
 * after such a failure, but does not take writes again by itself after its log failed to grow.
 */
public final class RocksJournal implements Journal {
  private static final Logger log = LoggerFactory.getLogger(RocksJournal.class);

  private final Path directory;
  private final RocksJournalOptions options;
  private final ReentrantReadWriteLock opening = new ReentrantReadWriteLock();
  private final WriteRecovery recovery;
  private volatile OpenStore store;
  private volatile boolean closed;

  private RocksJournal(Path directory, RocksJournalOptions options) {
    this.directory = directory;
    this.options = options;
    this.recovery = new WriteRecovery(directory, this::reopen);
    this.store = OpenStore.open(directory, options, recovery::writeFailed);
  }

  /** Opens (creating if needed) the store in a directory, refusing one that is damaged. */
  public static RocksJournal open(Path directory, FsyncPolicy fsync, Duration fsyncInterval) {
    return open(directory, new RocksJournalOptions(fsync, fsyncInterval, DataLossPolicy.REFUSE));
  }

  /**
   * Opens (creating if needed) the store in a directory. A damaged store is refused with a {@link
   * dev.ironmq.store.JournalDamagedException}, or, when the options accept data loss, repaired:
   * what can be read is kept, what cannot is logged per queue, and a store with damaged table files
   * is copied into a new one (the damaged one is kept beside it, renamed).
   */
  public static RocksJournal open(Path directory, RocksJournalOptions options) {
    RocksJournal journal = new RocksJournal(directory, options);
    if (options.dataLoss() == DataLossPolicy.ACCEPT) {
      List<String> losses = journal.store.scanForLosses();
      if (!losses.isEmpty()) {
        return salvage(journal, losses, options);
      }
    }
    return journal;
  }

  /**
   * Copies what can be read of a damaged store into a new one, keeps the damaged one aside, and
   * opens the new one. Damaged blocks cannot be repaired in place: the next compaction to read one
   * would stop all writes.
   */
  private static RocksJournal salvage(
      RocksJournal damaged, List<String> losses, RocksJournalOptions options) {
    Path directory = damaged.directory;
    losses.forEach(loss -> log.error("Data lost: {}", loss));
    Path fresh = directory.resolveSibling(directory.getFileName() + ".salvaging");
    Path aside =
        directory.resolveSibling(
            directory.getFileName()
                + ".damaged-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    try {
      deleteRecursively(fresh);
      try (RocksJournal target =
          new RocksJournal(
              fresh, new RocksJournalOptions(options.fsync(), options.fsyncInterval()))) {
        JournalCopier copier = new JournalCopier(target);
        damaged.scan(copier);
        copier.finish();
      }
      damaged.close();
      Files.move(directory, aside);
      Files.move(fresh, directory);
    } catch (IOException e) {
      damaged.close();
      throw new JournalException("cannot copy the damaged store in " + directory, e);
    }
    log.warn(
        "What could be read of the damaged store was copied into a new store in {}; the damaged"
            + " one is kept in {}",
        directory,
        aside);
    return new RocksJournal(directory, options);
  }

  @Override
  public CompletableFuture<Void> commit(Batch batch) {
    OpenStore current = store;
    if (current == null) {
      return CompletableFuture.failedFuture(
          new JournalException("the store is closed while it waits to be reopened"));
    }
    return current.commit(batch);
  }

  @Override
  public void scan(JournalVisitor visitor) {
    opening.readLock().lock();
    try {
      if (store == null) {
        throw new JournalException(
            "the store in " + directory + " is closed while it waits to be reopened");
      }
      store.scan(visitor);
    } finally {
      opening.readLock().unlock();
    }
  }

  @Override
  public List<StatsPoint> stats(long queueId, StatsStep step, long from, long to) {
    opening.readLock().lock();
    try {
      if (store == null) {
        throw new JournalException(
            "the store in " + directory + " is closed while it waits to be reopened");
      }
      return store.stats(queueId, step, from, to);
    } finally {
      opening.readLock().unlock();
    }
  }

  @Override
  public void watch(JournalWatcher watcher) {
    recovery.watch(watcher);
  }

  /** Average number of batches per disk write so far; 0 before the first write. */
  public double averageGroupSize() {
    return store.averageGroupSize();
  }

  /**
   * Closes the failed opening and opens the store again, as a restart would; on failure the store
   * stays closed until the next attempt.
   */
  private void reopen() {
    opening.writeLock().lock();
    try {
      if (closed) {
        throw new JournalException("the store is closed");
      }
      OpenStore failed = store;
      if (failed != null) {
        store = null;
        failed.close();
      }
      store = OpenStore.open(directory, options, recovery::writeFailed);
    } finally {
      opening.writeLock().unlock();
    }
  }

  /** Writes the memtables to table files and records what is on disk (for tests of damage). */
  void flushForTest() {
    store.flushForTest();
  }

  /** Records now what is on disk, as the file's own thread would shortly (for tests). */
  void recordSyncedForTest() {
    store.recordSyncedForTest();
  }

  @Override
  public void close() {
    recovery.close();
    opening.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      if (store != null) {
        store.close();
      }
    } finally {
      opening.writeLock().unlock();
    }
  }

  private static void deleteRecursively(Path path) throws IOException {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
