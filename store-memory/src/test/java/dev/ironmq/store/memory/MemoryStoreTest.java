package dev.ironmq.store.memory;

import dev.ironmq.store.Store;
import dev.ironmq.store.tck.StoreContract;

class MemoryStoreTest extends StoreContract {
  @Override
  protected Store openStore() {
    return new MemoryStore();
  }

  @Override
  protected Store restart(Store closing) {
    closing.close();
    return ((MemoryStore) closing).reopen();
  }
}
