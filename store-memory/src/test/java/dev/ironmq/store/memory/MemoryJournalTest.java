package dev.ironmq.store.memory;

import dev.ironmq.store.Journal;
import dev.ironmq.store.tck.JournalContract;

class MemoryJournalTest extends JournalContract {
  @Override
  protected Journal openJournal() {
    return new MemoryJournal();
  }

  @Override
  protected Journal restart(Journal closing) {
    closing.close();
    return ((MemoryJournal) closing).reopen();
  }
}
