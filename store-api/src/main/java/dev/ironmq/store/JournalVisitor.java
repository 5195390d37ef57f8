package dev.ironmq.store;

import dev.ironmq.backend.ProjectRecord;
import dev.ironmq.backend.TokenRecord;
import java.util.List;
import java.util.Optional;

/**
 * Receives the contents of a store during {@link Journal#scan(JournalVisitor)}, in this order:
 * every sequence, project and token; then every queue followed by its counter and its messages in
 * message id order.
 */
public interface JournalVisitor {
  /** A visitor that does nothing with what it visits (for a scan that only checks). */
  JournalVisitor IGNORING =
      new JournalVisitor() {
        @Override
        public void sequence(String name, long value) {}

        @Override
        public void project(ProjectRecord project) {}

        @Override
        public void token(TokenRecord token) {}

        @Override
        public void queue(QueueRecord queue, long totalMessages) {}

        @Override
        public void message(
            MessageRecord message, Optional<MessageState> state, List<DeliveryRecord> deliveries) {}
      };

  void sequence(String name, long value);

  void project(ProjectRecord project);

  void token(TokenRecord token);

  void queue(QueueRecord queue, long totalMessages);

  /**
   * A message of the queue most recently visited, with its state if it has one and its push
   * deliveries (empty for pull messages).
   */
  void message(
      MessageRecord message, Optional<MessageState> state, List<DeliveryRecord> deliveries);
}
