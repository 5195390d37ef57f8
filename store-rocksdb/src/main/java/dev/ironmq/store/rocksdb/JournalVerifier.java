package dev.ironmq.store.rocksdb;

import dev.ironmq.backend.ProjectRecord;
import dev.ironmq.backend.TokenRecord;
import dev.ironmq.store.DeliveryRecord;
import dev.ironmq.store.JournalException;
import dev.ironmq.store.JournalVisitor;
import dev.ironmq.store.MessageRecord;
import dev.ironmq.store.MessageState;
import dev.ironmq.store.QueueRecord;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.LiveFileMetaData;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.SstFileReader;

/**
 * Checks a stopped server's store end to end without changing it: it opens the store read-only,
 * which replays the write-ahead log with its checksums; checks that no write known to be on disk is
 * missing from the log; verifies the checksum of every block of every table file; and reads every
 * record, as a start would, counting what it finds. Unlike a start, it goes on past damage to list
 * all of it.
 */
public final class JournalVerifier {
  static {
    RocksDB.loadLibrary();
  }

  private JournalVerifier() {}

  /** Verifies the store in {@code directory}, which no server may be using. */
  public static VerifyReport verify(Path directory) {
    if (!Files.isRegularFile(directory.resolve("CURRENT"))) {
      throw new JournalException("there is no store in " + directory);
    }
    try (FileChannel lockFile =
            FileChannel.open(
                directory.resolve("LOCK"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockFile.tryLock()) {
      if (lock == null) {
        throw new IllegalStateException(
            "a server is using the store in " + directory + "; stop it first");
      }
      return verifyUnlocked(directory);
    } catch (IOException e) {
      throw new JournalException("cannot lock the store in " + directory, e);
    }
  }

  private static VerifyReport verifyUnlocked(Path directory) {
    List<String> damage = new ArrayList<>();
    OptionalLong syncedBefore = SyncedSequence.read(directory);
    RocksLog rocksLog = new RocksLog();
    try (RocksSettings settings = new RocksSettings(RocksSettings.LogReplay.STRICT, rocksLog)) {
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      RocksDB db;
      try {
        db = RocksDB.openReadOnly(settings.db, directory.toString(), settings.families, handles);
      } catch (RocksDBException e) {
        damage.add(
            "the store cannot be opened: "
                + rocksLog
                    .droppedSummary()
                    .map(summary -> "its write-ahead log is damaged: " + summary)
                    .orElse(e.getMessage()));
        return new VerifyReport(directory, damage, Counts.NONE, 0);
      }
      try {
        long recovered = db.getLatestSequenceNumber();
        if (syncedBefore.isPresent() && syncedBefore.getAsLong() > recovered) {
          damage.add(
              "the write-ahead log ends "
                  + (syncedBefore.getAsLong() - recovered)
                  + " writes before the last write that was on disk: it was cut short or"
                  + " removed");
        }
        List<LiveFileMetaData> files = db.getLiveFilesMetaData();
        for (LiveFileMetaData file : files) {
          checkTableFile(Path.of(file.path(), file.fileName()), damage);
        }
        Counting counting = new Counting();
        ColumnFamilies families =
            new ColumnFamilies(
                handles.get(0), handles.get(1), handles.get(2), handles.get(3), handles.get(4));
        damage.addAll(JournalScan.run(db, families, DataLossPolicy.ACCEPT, counting));
        return new VerifyReport(directory, damage, counting.counts(), files.size());
      } finally {
        handles.forEach(ColumnFamilyHandle::close);
        db.close();
      }
    } finally {
      rocksLog.close();
    }
  }

  private static void checkTableFile(Path file, List<String> damage) {
    try (Options options = new Options();
        SstFileReader reader = new SstFileReader(options)) {
      reader.open(file.toString());
      reader.verifyChecksum();
    } catch (RocksDBException e) {
      damage.add(file.getFileName() + " is damaged: " + e.getMessage());
    }
  }

  /**
   * What a store holds.
   *
   * @param projects projects
   * @param tokens tokens
   * @param queues queues
   * @param messages messages
   * @param reserved messages with a reservation
   * @param deliveries push deliveries
   */
  public record Counts(
      long projects, long tokens, long queues, long messages, long reserved, long deliveries) {
    static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0);
  }

  private static final class Counting implements JournalVisitor {
    private long projects;
    private long tokens;
    private long queues;
    private long messages;
    private long reserved;
    private long deliveries;

    @Override
    public void sequence(String name, long value) {}

    @Override
    public void project(ProjectRecord project) {
      projects++;
    }

    @Override
    public void token(TokenRecord token) {
      tokens++;
    }

    @Override
    public void queue(QueueRecord queue, long totalMessages) {
      queues++;
    }

    @Override
    public void message(
        MessageRecord message, Optional<MessageState> state, List<DeliveryRecord> records) {
      messages++;
      if (state.map(MessageState::isReserved).orElse(false)) {
        reserved++;
      }
      deliveries += records.size();
    }

    Counts counts() {
      return new Counts(projects, tokens, queues, messages, reserved, deliveries);
    }
  }

  /**
   * The outcome of a verification.
   *
   * @param directory the store checked
   * @param damage one sentence per damaged part; empty when the store is sound
   * @param counts what could be read
   * @param tableFiles how many table files were checked block by block
   */
  public record VerifyReport(Path directory, List<String> damage, Counts counts, int tableFiles) {
    public VerifyReport {
      damage = List.copyOf(damage);
    }

    public boolean isSound() {
      return damage.isEmpty();
    }
  }
}
