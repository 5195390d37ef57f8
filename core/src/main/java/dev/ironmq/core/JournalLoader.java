package dev.ironmq.core;

import dev.ironmq.backend.ProjectRecord;
import dev.ironmq.backend.TokenRecord;
import dev.ironmq.core.auth.Projects;
import dev.ironmq.store.Batch;
import dev.ironmq.store.DeliveryRecord;
import dev.ironmq.store.Journal;
import dev.ironmq.store.JournalVisitor;
import dev.ironmq.store.MessageRecord;
import dev.ironmq.store.MessageState;
import dev.ironmq.store.QueueRecord;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the engine's memory from the journal (at start-up, and after a failed write): projects,
 * tokens, queues and every message where it was (available, delayed or reserved with its
 * reservation id, or pushed with its deliveries). Messages that expired while the server was down
 * are dropped and deleted.
 */
final class JournalLoader implements JournalVisitor {
  private static final Logger log = LoggerFactory.getLogger(JournalLoader.class);
  private final QueueDirectory queues;
  private final MessageIds messageIds;
  private final Projects projects;
  private final long now;
  private final Batch expired = new Batch();
  private QueueState current;
  private long queueCount;
  private long messageCount;

  private JournalLoader(QueueDirectory queues, MessageIds messageIds, Projects projects, long now) {
    this.queues = queues;
    this.messageIds = messageIds;
    this.projects = projects;
    this.now = now;
  }

  /**
   * Loads everything; deletes what expired while nobody looked, when {@code writable} (a read-only
   * image leaves that for the next load).
   */
  static void load(
      Journal journal,
      QueueDirectory queues,
      MessageIds messageIds,
      Projects projects,
      long now,
      boolean writable) {
    JournalLoader loader = new JournalLoader(queues, messageIds, projects, now);
    journal.scan(loader);
    loader.finishQueue();
    if (writable && !loader.expired.isEmpty()) {
      journal.commit(loader.expired);
    }
    log.info("Loaded {} queues with {} messages", loader.queueCount, loader.messageCount);
  }

  @Override
  public void sequence(String name, long value) {
    if (MessageIds.SEQUENCE.equals(name)) {
      messageIds.raiseTo(value);
    } else if (QueueDirectory.QUEUE_ID_SEQUENCE.equals(name)) {
      queues.raiseQueueIds(value);
    }
  }

  @Override
  public void project(ProjectRecord project) {
    projects.restore(project);
  }

  @Override
  public void token(TokenRecord token) {
    projects.restore(token);
  }

  @Override
  public void queue(QueueRecord queue, long totalMessages) {
    finishQueue();
    current = queues.restore(queue, totalMessages);
    queueCount++;
  }

  @Override
  public void message(
      MessageRecord message, Optional<MessageState> state, List<DeliveryRecord> deliveries) {
    messageIds.raiseTo(message.messageId());
    if (message.expiresAt() <= now) {
      expired.messageDelete(message.queueId(), message.messageId());
      return;
    }
    current.restore(message, state, deliveries, now);
    messageCount++;
  }

  private void finishQueue() {
    if (current != null) {
      current.finishRestore();
    }
  }
}
