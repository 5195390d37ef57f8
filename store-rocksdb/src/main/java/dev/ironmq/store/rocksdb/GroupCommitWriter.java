package dev.ironmq.store.rocksdb;

import dev.ironmq.backend.CommitObserver;
import dev.ironmq.store.Batch;
import dev.ironmq.store.JournalException;
import dev.ironmq.store.JournalFullException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.Status;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes to RocksDB. It takes every batch that is waiting, writes them as one
 * RocksDB write (synced when the policy says so), then completes their futures: group commit
 * without ever sleeping to wait for more.
 *
 * <p>After a failed write the writer fails that round and every later batch, and reports the
 * failure once: RocksDB does not take writes again after its log failed to grow, so the store must
 * be reopened ({@link WriteRecovery}).
 */
final class GroupCommitWriter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
  private static final Pending STOP = new Pending(new Batch(), new CompletableFuture<>());

  private record Pending(Batch batch, CompletableFuture<Void> done) {}

  private final RocksDB db;
  private final BatchWriter batchWriter;
  private final WriteOptions writeOptions;
  private final boolean sync;
  private final LongConsumer onSynced;
  private final Consumer<JournalException> onFailure;
  private final CommitObserver commits;
  private final BlockingQueue<Pending> pending = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final AtomicLong rounds = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private volatile boolean closing;
  private volatile JournalException failure;

  /**
   * A writer that syncs each round when {@code sync} is set, and then tells {@code onSynced} the
   * sequence number of the last write that is on disk; {@code onFailure} hears of its first failed
   * write; {@code commits} hears of each round.
   */
  GroupCommitWriter(
      RocksDB db,
      BatchWriter batchWriter,
      boolean sync,
      LongConsumer onSynced,
      Consumer<JournalException> onFailure,
      CommitObserver commits) {
    this.commits = commits;
    this.db = db;
    this.batchWriter = batchWriter;
    this.sync = sync;
    this.onSynced = onSynced;
    this.onFailure = onFailure;
    this.writeOptions = new WriteOptions().setSync(sync);
    this.thread = new Thread(this::run, "store-writer");
    this.thread.setDaemon(false);
    this.thread.start();
  }

  CompletableFuture<Void> submit(Batch batch) {
    JournalException failed = failure;
    if (failed != null) {
      return CompletableFuture.failedFuture(failed);
    }
    if (closing) {
      return CompletableFuture.failedFuture(new JournalException("store is closed"));
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    pending.add(new Pending(batch, done));
    return done;
  }

  /** Whether a write failed, so that every commit is refused. */
  boolean hasFailed() {
    return failure != null;
  }

  /** Commit rounds written so far, and batches in them: their ratio is the group size. */
  long rounds() {
    return rounds.get();
  }

  long batches() {
    return batches.get();
  }

  private void run() {
    List<Pending> round = new ArrayList<>();
    boolean stopping = false;
    while (!stopping) {
      try {
        round.add(pending.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      pending.drainTo(round);
      stopping = round.remove(STOP);
      write(round);
      round.clear();
    }
    List<Pending> late = new ArrayList<>();
    pending.drainTo(late);
    late.remove(STOP);
    write(late);
  }

  private void write(List<Pending> round) {
    if (round.isEmpty()) {
      return;
    }
    JournalException failed = failure;
    boolean firstFailure = false;
    CommitObserver.Commit commit = failed == null ? commits.begin(round.size()) : null;
    if (failed == null) {
      try (WriteBatch writeBatch = new WriteBatch()) {
        for (Pending p : round) {
          batchWriter.writeTo(writeBatch, p.batch().mutations());
        }
        db.write(writeOptions, writeBatch);
        if (sync) {
          onSynced.accept(db.getLatestSequenceNumber());
        }
        rounds.incrementAndGet();
        batches.addAndGet(round.size());
      } catch (RocksDBException e) {
        failed = failureOf(e);
        failure = failed;
        log.error("A write to the store failed; every later write is refused", e);
        firstFailure = true;
      } catch (JournalException e) {
        failed = new JournalException("a write to the store failed: " + e.getMessage(), e);
        failure = failed;
        log.error("A write to the store failed; every later write is refused", e);
        firstFailure = true;
      }
    }
    if (commit != null) {
      commit.end(failed == null);
    }
    for (Pending p : round) {
      if (failed == null) {
        p.done().complete(null);
      } else {
        p.done().completeExceptionally(failed);
      }
    }
    if (firstFailure) {
      onFailure.accept(failed);
    }
  }

  private static JournalException failureOf(RocksDBException e) {
    Status status = e.getStatus();
    boolean noSpace =
        (status != null && status.getSubCode() == Status.SubCode.NoSpace)
            || String.valueOf(e.getMessage()).contains("No space left on device");
    return noSpace
        ? new JournalFullException("the disk is full: " + e.getMessage(), e)
        : new JournalException("a write to the store failed: " + e.getMessage(), e);
  }

  @Override
  public void close() {
    closing = true;
    pending.add(STOP);
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writeOptions.close();
  }
}
