package dev.ironmq.store.rocksdb;

import dev.ironmq.store.Journal;
import dev.ironmq.store.tck.JournalContract;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

class RocksJournalTest extends JournalContract {
  @TempDir Path directory;

  @Override
  protected Journal openJournal() {
    return RocksJournal.open(directory, FsyncPolicy.ALWAYS, Duration.ofMillis(100));
  }

  @Override
  protected Journal restart(Journal closing) {
    closing.close();
    return openJournal();
  }
}
