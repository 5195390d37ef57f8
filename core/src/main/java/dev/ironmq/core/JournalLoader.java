package dev.ironmq.core;

import dev.ironmq.backend.ProjectRecord;
import dev.ironmq.backend.TokenRecord;
import dev.ironmq.store.Batch;
import dev.ironmq.store.DeliveryRecord;
import dev.ironmq.store.JournalVisitor;
import dev.ironmq.store.MessageRecord;
import dev.ironmq.store.MessageState;
import dev.ironmq.store.QueueRecord;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds the engine's memory from the store at start-up: projects, tokens, queues and every
 * message where it was (available, delayed or reserved with its reservation id). Messages that
 * expired while the server was down are dropped and deleted.
 */
final class JournalLoader implements JournalVisitor {
  private static final Logger log = LoggerFactory.getLogger(JournalLoader.class);
  private final Engine engine;
  private final long now;
  private final Batch expired = new Batch();
  private QueueState current;
  private long queues;
  private long messages;

  private JournalLoader(Engine engine) {
    this.engine = engine;
    this.now = engine.now();
  }

  static void load(Engine engine) {
    JournalLoader loader = new JournalLoader(engine);
    engine.store().scan(loader);
    loader.finishQueue();
    if (!loader.expired.isEmpty()) {
      engine.store().commit(loader.expired);
    }
    log.info("Loaded {} queues with {} messages", loader.queues, loader.messages);
  }

  @Override
  public void sequence(String name, long value) {
    if (MessageIds.SEQUENCE.equals(name)) {
      engine.messageIds().raiseTo(value);
    } else if (Engine.QUEUE_ID_SEQUENCE.equals(name)) {
      engine.raiseQueueIds(value);
    }
  }

  @Override
  public void project(ProjectRecord project) {
    engine.projects().restore(project);
  }

  @Override
  public void token(TokenRecord token) {
    engine.projects().restore(token);
  }

  @Override
  public void queue(QueueRecord queue, long totalMessages) {
    finishQueue();
    current = engine.restoreQueue(queue, totalMessages);
    queues++;
  }

  @Override
  public void message(
      MessageRecord message, Optional<MessageState> state, List<DeliveryRecord> deliveries) {
    engine.messageIds().raiseTo(message.messageId());
    if (message.expiresAt() <= now) {
      expired.messageDelete(message.queueId(), message.messageId());
      return;
    }
    current.restore(message, state, deliveries, now);
    messages++;
  }

  private void finishQueue() {
    if (current != null) {
      current.finishRestore();
    }
  }
}
