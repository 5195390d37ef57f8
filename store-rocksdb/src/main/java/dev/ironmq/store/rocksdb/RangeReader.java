package dev.ironmq.store.rocksdb;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Optional;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;

/**
 * Reads one range of keys of one column family in order, and asks the iterator why it stopped: a
 * damaged block ends an iteration as quietly as the end of the data does, and only the iterator's
 * status tells them apart. Past damage, it can read the rest of the range backwards from its end,
 * so that one bad block costs only the keys in it.
 */
final class RangeReader {
  /** Receives the entries read, in key order. */
  @FunctionalInterface
  interface Entry {
    void read(byte[] key, byte[] value);
  }

  /**
   * Damage met in a range.
   *
   * @param lastBefore the last key read before the damage, or null when there was none
   * @param firstAfter the first key read after it, or null when there was none or the range was not
   *     read past the damage
   * @param cause what RocksDB said, with the file and offset
   */
  record Gap(byte[] lastBefore, byte[] firstAfter, String cause) {}

  private RangeReader() {}

  /**
   * Reads keys from {@code start} (inclusive; null for the first) to {@code end} (exclusive; null
   * for the last).
   */
  static Optional<Gap> read(
      RocksDB db,
      ColumnFamilyHandle family,
      byte[] start,
      byte[] end,
      boolean readPastDamage,
      Entry entry) {
    try (Slice lower = start == null ? null : new Slice(start);
        Slice upper = end == null ? null : new Slice(end);
        ReadOptions options = new ReadOptions().setFillCache(false).setReadaheadSize(2 << 20)) {
      if (lower != null) {
        options.setIterateLowerBound(lower);
      }
      if (upper != null) {
        options.setIterateUpperBound(upper);
      }
      byte[] last = null;
      String cause;
      try (RocksIterator it = db.newIterator(family, options)) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          last = it.key();
          entry.read(last, it.value());
        }
        cause = failure(it);
      }
      if (cause == null) {
        return Optional.empty();
      }
      if (!readPastDamage) {
        return Optional.of(new Gap(last, null, cause));
      }
      Deque<byte[][]> tail = new ArrayDeque<>();
      try (RocksIterator back = db.newIterator(family, options)) {
        for (back.seekToLast(); back.isValid(); back.prev()) {
          byte[] key = back.key();
          if (last != null && Arrays.compareUnsigned(key, last) <= 0) {
            break;
          }
          tail.addFirst(new byte[][] {key, back.value()});
        }
      }
      for (byte[][] pair : tail) {
        entry.read(pair[0], pair[1]);
      }
      return Optional.of(new Gap(last, tail.isEmpty() ? null : tail.peekFirst()[0], cause));
    }
  }

  /** Why the iterator stopped, when it was not the end of the range. */
  private static String failure(RocksIterator it) {
    try {
      it.status();
      return null;
    } catch (RocksDBException e) {
      return e.getMessage();
    }
  }
}
