package dev.ironmq.store.rocksdb;

import dev.ironmq.store.Store;
import dev.ironmq.store.tck.StoreContract;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;

class RocksStoreTest extends StoreContract {
  @TempDir Path directory;

  @Override
  protected Store openStore() {
    return RocksStore.open(directory, FsyncPolicy.ALWAYS, Duration.ofMillis(100));
  }

  @Override
  protected Store restart(Store closing) {
    closing.close();
    return openStore();
  }
}
