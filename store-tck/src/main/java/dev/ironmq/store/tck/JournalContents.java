package dev.ironmq.store.tck;

import dev.ironmq.backend.ProjectRecord;
import dev.ironmq.backend.TokenRecord;
import dev.ironmq.store.DeliveryRecord;
import dev.ironmq.store.Journal;
import dev.ironmq.store.JournalVisitor;
import dev.ironmq.store.MessageRecord;
import dev.ironmq.store.MessageState;
import dev.ironmq.store.QueueRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything a store's scan reported, in the order it reported it. */
public final class JournalContents implements JournalVisitor {
  /** A queue as scanned, with its counter and messages. */
  public record ScannedQueue(
      QueueRecord queue, long totalMessages, List<ScannedMessage> messages) {}

  /** A message as scanned, with its state if it has one and its deliveries. */
  public record ScannedMessage(
      MessageRecord message, Optional<MessageState> state, List<DeliveryRecord> deliveries) {
    public ScannedMessage(MessageRecord message, Optional<MessageState> state) {
      this(message, state, List.of());
    }
  }

  public final Map<String, Long> sequences = new LinkedHashMap<>();
  public final List<ProjectRecord> projects = new ArrayList<>();
  public final List<TokenRecord> tokens = new ArrayList<>();
  public final List<ScannedQueue> queues = new ArrayList<>();
  private final List<String> order = new ArrayList<>();

  public static JournalContents of(Journal store) {
    JournalContents contents = new JournalContents();
    store.scan(contents);
    return contents;
  }

  /** The kinds of record visited, in visit order, with repeats collapsed. */
  public List<String> visitOrder() {
    List<String> collapsed = new ArrayList<>();
    for (String kind : order) {
      if (collapsed.isEmpty() || !collapsed.get(collapsed.size() - 1).equals(kind)) {
        collapsed.add(kind);
      }
    }
    return collapsed;
  }

  public ScannedQueue queue(long queueId) {
    return queues.stream()
        .filter(q -> q.queue().queueId() == queueId)
        .findFirst()
        .orElseThrow(() -> new AssertionError("queue " + queueId + " was not scanned"));
  }

  @Override
  public void sequence(String name, long value) {
    order.add("sequence");
    sequences.put(name, value);
  }

  @Override
  public void project(ProjectRecord project) {
    order.add("project");
    projects.add(project);
  }

  @Override
  public void token(TokenRecord token) {
    order.add("token");
    tokens.add(token);
  }

  @Override
  public void queue(QueueRecord queue, long totalMessages) {
    order.add("queue");
    queues.add(new ScannedQueue(queue, totalMessages, new ArrayList<>()));
  }

  @Override
  public void message(
      MessageRecord message, Optional<MessageState> state, List<DeliveryRecord> deliveries) {
    order.add("message");
    if (queues.isEmpty()) {
      throw new AssertionError("message " + message.messageId() + " visited before any queue");
    }
    queues.get(queues.size() - 1).messages().add(new ScannedMessage(message, state, deliveries));
  }
}
