package dev.ironmq.store.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ironmq.backend.QueueConfig;
import dev.ironmq.backend.QueueType;
import dev.ironmq.store.Batch;
import dev.ironmq.store.JournalDamagedException;
import dev.ironmq.store.MessageRecord;
import dev.ironmq.store.QueueRecord;
import dev.ironmq.store.tck.JournalContents;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A damaged store is never opened as if it were whole: damage to a table file, to the middle of the
 * write-ahead log, or a log cut short is refused with a message that names what is lost; accepted
 * loss keeps everything readable around the damage.
 */
class DamagedJournalTest {
  private static final String PROJECT = "5a0c1b2d3e4f5a6b7c8d9e0f";
  private static final long T0 = 1_764_000_000_000L;
  private static final int MESSAGES = 3000;

  @TempDir Path dir;

  @Test
  void aFlippedBlockOfATableFileIsRefusedNamingTheFile() throws IOException {
    Path store = dir.resolve("store");
    writeMessages(store);
    Path table = largestTableFile(store);
    damage(table, 0.5);

    try (RocksJournal opened =
        RocksJournal.open(store, FsyncPolicy.ALWAYS, Duration.ofMillis(100))) {
      assertThatThrownBy(() -> JournalContents.of(opened))
          .isInstanceOf(JournalDamagedException.class)
          .hasMessageContaining(table.getFileName().toString())
          .hasMessageContaining("queue 'jobs'")
          .hasMessageContaining("messages");
    }
  }

  @Test
  void acceptedLossKeepsWhatIsReadableOnBothSidesOfADamagedBlockInANewStore() throws IOException {
    Path store = dir.resolve("store");
    writeMessages(store);
    damage(largestTableFile(store), 0.5);

    try (RocksJournal opened = RocksJournal.open(store, accepting())) {
      List<JournalContents.ScannedMessage> kept = JournalContents.of(opened).queue(1).messages();

      assertThat(kept.size()).isBetween(MESSAGES / 2, MESSAGES - 1);
      assertThat(kept.get(0).message().messageId()).isEqualTo(1);
      assertThat(kept.get(kept.size() - 1).message().messageId()).isEqualTo(MESSAGES);
      assertThat(kept.get(0).message().body()).isEqualTo(body(1));
    }
    try (Stream<Path> siblings = Files.list(dir)) {
      assertThat(siblings.map(p -> p.getFileName().toString()))
          .anyMatch(name -> name.startsWith("store.damaged-"));
    }
    try (RocksJournal reopened =
        RocksJournal.open(store, FsyncPolicy.ALWAYS, Duration.ofMillis(100))) {
      assertThat(JournalContents.of(reopened).queue(1).messages().size())
          .isBetween(MESSAGES / 2, MESSAGES - 1);
    }
  }

  @Test
  void damageInTheMiddleOfTheWriteAheadLogIsRefusedNamingTheLog() throws IOException {
    Path crashed = crashCopyWithMessagesInTheLogOnly();
    Path log = writeAheadLog(crashed);
    damage(log, 0.5);

    assertThatThrownBy(() -> RocksJournal.open(crashed, FsyncPolicy.ALWAYS, Duration.ofMillis(100)))
        .isInstanceOf(JournalDamagedException.class)
        .hasMessageContaining(log.getFileName().toString())
        .hasMessageContaining("checksum");
  }

  @Test
  void acceptedLossOfALogRecordKeepsTheRecordsAfterIt() throws IOException {
    Path crashed = crashCopyWithMessagesInTheLogOnly();
    damage(writeAheadLog(crashed), 0.5);

    try (RocksJournal opened = RocksJournal.open(crashed, accepting())) {
      List<JournalContents.ScannedMessage> kept = JournalContents.of(opened).queue(1).messages();

      assertThat(kept.size()).isBetween(MESSAGES / 2, MESSAGES - 1);
      assertThat(kept.get(kept.size() - 1).message().messageId()).isEqualTo(MESSAGES);
    }
  }

  @Test
  void aWriteAheadLogCutShortIsRefusedThoughRocksDbWouldTakeItForACrash() throws IOException {
    Path crashed = crashCopyWithMessagesInTheLogOnly();
    Path log = writeAheadLog(crashed);
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "rw")) {
      file.setLength(file.length() * 3 / 4);
    }

    assertThatThrownBy(() -> RocksJournal.open(crashed, FsyncPolicy.ALWAYS, Duration.ofMillis(100)))
        .isInstanceOf(JournalDamagedException.class)
        .hasMessageContaining("cut short or removed");
  }

  @Test
  void anUnfinishedLastWriteIsWhatACrashLeavesAndIsNotDamage() throws IOException {
    Path crashed = crashCopyWithMessagesInTheLogOnly();
    Path log = writeAheadLog(crashed);
    try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "rw")) {
      file.seek(file.length());
      file.write(new byte[] {0x12, 0x34, 0x56, 0x78, 0x40, 0x00, 0x01, 0x02});
    }

    try (RocksJournal opened =
        RocksJournal.open(crashed, FsyncPolicy.ALWAYS, Duration.ofMillis(100))) {
      assertThat(JournalContents.of(opened).queue(1).messages()).hasSize(MESSAGES);
    }
  }

  @Test
  void verifyingASoundStoreCountsWhatItHolds() {
    Path store = dir.resolve("store");
    writeMessages(store);

    JournalVerifier.VerifyReport report = JournalVerifier.verify(store);

    assertThat(report.isSound()).as(report.damage().toString()).isTrue();
    assertThat(report.counts().queues()).isEqualTo(1);
    assertThat(report.counts().messages()).isEqualTo(MESSAGES);
    assertThat(report.tableFiles()).isPositive();
  }

  @Test
  void verifyingListsDamageAndChangesNothing() throws IOException {
    Path store = dir.resolve("store");
    writeMessages(store);
    Path table = largestTableFile(store);
    damage(table, 0.5);
    byte[] before = Files.readAllBytes(table);

    JournalVerifier.VerifyReport report = JournalVerifier.verify(store);

    assertThat(report.isSound()).isFalse();
    assertThat(report.damage()).anyMatch(line -> line.contains(table.getFileName().toString()));
    assertThat(report.counts().messages()).isBetween((long) MESSAGES / 2, MESSAGES - 1L);
    assertThat(Files.readAllBytes(table)).isEqualTo(before);
  }

  /** A store with one queue and messages 1 to 3000, closed with them in table files. */
  private static void writeMessages(Path store) {
    try (RocksJournal opened =
        RocksJournal.open(store, FsyncPolicy.ALWAYS, Duration.ofMillis(100))) {
      postMessages(opened);
      opened.flushForTest();
    }
  }

  /**
   * A copy of a store's files taken while it was open with every message only in its write-ahead
   * log: what a disk holds after the process is killed.
   */
  private Path crashCopyWithMessagesInTheLogOnly() throws IOException {
    Path store = dir.resolve("live");
    try (RocksJournal open = RocksJournal.open(store, FsyncPolicy.ALWAYS, Duration.ofMillis(100))) {
      postMessages(open);
      open.recordSyncedForTest();
      Path copy = dir.resolve("crashed");
      copyTree(store, copy);
      return copy;
    }
  }

  private static void postMessages(RocksJournal store) {
    QueueConfig config =
        new QueueConfig(QueueType.PULL, 60, 604800, Optional.empty(), Optional.empty(), List.of());
    store.commit(new Batch().queuePut(new QueueRecord(1, PROJECT, "jobs", config, T0))).join();
    for (int id = 1; id <= MESSAGES; id++) {
      store
          .commit(
              new Batch()
                  .messagePut(
                      new MessageRecord(1, id, body(id), T0, T0 + 604_800_000L, T0, 0, Map.of())))
          .join();
    }
  }

  private static RocksJournalOptions accepting() {
    return new RocksJournalOptions(
        FsyncPolicy.ALWAYS, Duration.ofMillis(100), DataLossPolicy.ACCEPT);
  }

  private static String body(int id) {
    return "message " + id + " " + "x".repeat(200);
  }

  private static Path largestTableFile(Path store) throws IOException {
    try (Stream<Path> files = Files.list(store)) {
      return files
          .filter(p -> p.toString().endsWith(".sst"))
          .max(Comparator.comparingLong(DamagedJournalTest::size))
          .orElseThrow();
    }
  }

  private static Path writeAheadLog(Path store) throws IOException {
    try (Stream<Path> files = Files.list(store)) {
      return files
          .filter(p -> p.toString().endsWith(".log"))
          .max(Comparator.comparingLong(DamagedJournalTest::size))
          .orElseThrow();
    }
  }

  /** Overwrites 64 bytes at the given fraction of the file's length. */
  private static void damage(Path file, double at) throws IOException {
    try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
      raw.seek((long) (raw.length() * at));
      raw.write(new byte[64]);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : paths.toList()) {
        Files.copy(source, to.resolve(from.relativize(source).toString()));
      }
    }
  }
}
