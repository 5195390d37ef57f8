package dev.ironmq.store.rocksdb;

import dev.ironmq.store.JournalException;
import dev.ironmq.store.JournalWatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the store back after a write failed, on a thread of its own ({@code store-recovery}):
 * tells the watcher, then tries every second to reopen the store, once the disk has at least room
 * for its write-ahead log's contents (which opening writes out as a table file), and tells the
 * watcher when writes work again. How much more opening needs (a new log is allocated in advance)
 * only RocksDB knows, so an open that fails for want of space is simply tried again. Each failed
 * opening of the store reports once; failures are handled one after another, in order.
 */
final class WriteRecovery implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WriteRecovery.class);
  private static final long RETRY_MILLIS = 1_000;
  private static final long MARGIN_BYTES = 4L << 20;

  private final Path directory;
  private final Runnable reopen;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "store-recovery");
            t.setDaemon(true);
            return t;
          });
  private volatile JournalWatcher watcher = JournalWatcher.NONE;
  private volatile boolean closing;

  /** Recovers the store in {@code directory} with {@code reopen}, which throws when it cannot. */
  WriteRecovery(Path directory, Runnable reopen) {
    this.directory = directory;
    this.reopen = reopen;
  }

  void watch(JournalWatcher newWatcher) {
    watcher = Objects.requireNonNull(newWatcher);
  }

  /** The first failed write of an opening of the store; called on the writer's thread. */
  void writeFailed(JournalException cause) {
    if (!closing) {
      thread.execute(() -> recover(cause));
    }
  }

  private void recover(JournalException cause) {
    log.error(
        "Writing to the store failed ({}); reads go on, writes are refused until it can write"
            + " again",
        cause.getMessage());
    watcher.writesFailed(cause);
    String waitingFor = "";
    while (!closing) {
      try {
        Thread.sleep(RETRY_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
      String why = roomToOpen();
      if (why.isEmpty()) {
        try {
          reopen.run();
          log.warn("The store takes writes again");
          watcher.writesResumed();
          return;
        } catch (JournalException e) {
          why = "reopening it failed: " + e.getMessage();
        }
      }
      String reason = why.replaceAll("[0-9]+", "N");
      if (!reason.equals(waitingFor)) {
        log.warn("The store still cannot take writes: {}; trying again every second", why);
        waitingFor = reason;
      }
    }
  }

  /** Empty when the disk has room to open the store; otherwise why not. */
  private String roomToOpen() {
    try {
      long needed = logBytes() + MARGIN_BYTES;
      long usable = Files.getFileStore(directory).getUsableSpace();
      return usable >= needed
          ? ""
          : "the disk has "
              + usable
              + " bytes free, and opening the store needs at least "
              + needed;
    } catch (IOException | UncheckedIOException e) {
      return "cannot see the disk's free space (" + e.getMessage() + ")";
    }
  }

  /** The size of the write-ahead logs, which opening the store writes out as a table file. */
  private long logBytes() throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      long total = 0;
      for (Path file : files.filter(f -> f.toString().endsWith(".log")).toList()) {
        total += Files.size(file);
      }
      return total;
    }
  }

  @Override
  public void close() {
    closing = true;
    thread.shutdownNow();
    try {
      thread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
