package dev.ironmq.store.rocksdb;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The highest RocksDB sequence number known to be on disk, kept in a small file in the store
 * directory. At start, a store that recovers fewer writes than this has lost writes that were
 * acknowledged: its write-ahead log was truncated or removed. RocksDB itself cannot tell that from
 * the unfinished last write a crash leaves, which it drops without a word.
 *
 * <p>The file is rewritten in place (8 bytes of sequence, 4 of CRC32C) and synced at most every
 * {@value #PERIOD_MILLIS} ms, by its own thread: never in a commit's path. So a truncation that
 * takes only writes of the last moments before a crash goes unnoticed; any older loss is caught.
 */
final class SyncedSequence implements AutoCloseable {
  static final String FILE = "IRONMQ-SYNCED";
  private static final Logger log = LoggerFactory.getLogger(SyncedSequence.class);
  private static final long PERIOD_MILLIS = 200;
  private static final int LENGTH = 12;

  private final Path file;
  private final FileChannel channel;
  private final ScheduledExecutorService writer;
  private volatile long synced;
  private long written;

  private SyncedSequence(Path file, FileChannel channel, long initial) {
    this.file = file;
    this.channel = channel;
    this.synced = initial;
    this.written = initial;
    this.writer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "store-synced-sequence");
              thread.setDaemon(true);
              return thread;
            });
    writer.scheduleWithFixedDelay(
        this::writeIfAdvanced, PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS);
  }

  /** The sequence the file holds; empty when there is none or it cannot be read. */
  static OptionalLong read(Path storeDirectory) {
    Path file = storeDirectory.resolve(FILE);
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException absent) {
      return OptionalLong.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    ByteBuffer in = ByteBuffer.wrap(bytes);
    if (bytes.length != LENGTH || checksum(in.getLong(0)) != in.getInt(8)) {
      log.warn("{} is damaged; the write-ahead log cannot be checked for lost writes", file);
      return OptionalLong.empty();
    }
    return OptionalLong.of(in.getLong(0));
  }

  /** Starts keeping the file, beginning with {@code sequence}, which is on disk now. */
  static SyncedSequence start(Path storeDirectory, long sequence) {
    Path file = storeDirectory.resolve(FILE);
    try {
      boolean created = !Files.exists(file);
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      write(channel, sequence);
      if (created) {
        channel.force(true);
        syncDirectory(storeDirectory);
      }
      return new SyncedSequence(file, channel, sequence);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Notes that every write up to {@code sequence} is on disk. */
  void advanceTo(long sequence) {
    if (sequence > synced) {
      synced = sequence;
    }
  }

  /** Writes the file now if the sequence advanced since it was last written. */
  void writeNow() {
    writeIfAdvanced();
  }

  private synchronized void writeIfAdvanced() {
    long now = synced;
    if (now <= written) {
      return;
    }
    try {
      write(channel, now);
      written = now;
    } catch (IOException e) {
      log.warn("Cannot update {}: {}", file, e.getMessage());
    }
  }

  private static void write(FileChannel channel, long sequence) throws IOException {
    ByteBuffer out = ByteBuffer.allocate(LENGTH).putLong(sequence).putInt(checksum(sequence));
    channel.write(out.flip(), 0);
    channel.force(false);
  }

  private static int checksum(long sequence) {
    CRC32C crc = new CRC32C();
    crc.update(ByteBuffer.allocate(8).putLong(sequence).flip());
    return (int) crc.getValue();
  }

  private static void syncDirectory(Path directory) throws IOException {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    }
  }

  @Override
  public void close() {
    writer.shutdownNow();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    writeIfAdvanced();
    try {
      channel.close();
    } catch (IOException e) {
      log.warn("Cannot close {}: {}", file, e.getMessage());
    }
  }
}
