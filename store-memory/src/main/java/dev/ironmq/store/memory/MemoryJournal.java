package dev.ironmq.store.memory;

import dev.ironmq.backend.ProjectRecord;
import dev.ironmq.backend.StatsCounts;
import dev.ironmq.backend.StatsPoint;
import dev.ironmq.backend.StatsStep;
import dev.ironmq.backend.TokenRecord;
import dev.ironmq.store.Batch;
import dev.ironmq.store.DeliveryRecord;
import dev.ironmq.store.Journal;
import dev.ironmq.store.JournalException;
import dev.ironmq.store.JournalVisitor;
import dev.ironmq.store.JournalWatcher;
import dev.ironmq.store.MessageRecord;
import dev.ironmq.store.MessageState;
import dev.ironmq.store.Mutation;
import dev.ironmq.store.QueueRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * A store that keeps everything in the heap. Batches are applied at once, under one lock, so a
 * commit's future is already complete when {@code commit} returns.
 *
 * <p>Nothing survives the process, but the contents survive {@link #close()}: {@link #reopen()}
 * gives a new store over the same contents, which is how tests restart an engine.
 */
public final class MemoryJournal implements Journal {
  private final Contents contents;
  private boolean closed;
  private JournalException failure;
  private JournalWatcher watcher = JournalWatcher.NONE;

  public MemoryJournal() {
    this(new Contents());
  }

  private MemoryJournal(Contents contents) {
    this.contents = contents;
  }

  /** A new, open store over this store's contents, as if the process had restarted. */
  public MemoryJournal reopen() {
    synchronized (contents) {
      return new MemoryJournal(contents);
    }
  }

  @Override
  public CompletableFuture<Void> commit(Batch batch) {
    synchronized (contents) {
      if (closed) {
        return CompletableFuture.failedFuture(new JournalException("store is closed"));
      }
      if (failure != null) {
        return CompletableFuture.failedFuture(failure);
      }
      for (Mutation mutation : batch.mutations()) {
        mutation.applyTo(contents);
      }
    }
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void scan(JournalVisitor visitor) {
    synchronized (contents) {
      contents.sequences.forEach(visitor::sequence);
      contents.projects.values().forEach(visitor::project);
      contents.tokens.values().forEach(visitor::token);
      for (QueueRecord queue : contents.queues.values()) {
        visitor.queue(queue, contents.counters.getOrDefault(queue.queueId(), 0L));
        Map<Long, MessageState> states = contents.states.getOrDefault(queue.queueId(), Map.of());
        Map<Long, TreeMap<String, DeliveryRecord>> deliveries =
            contents.deliveries.getOrDefault(queue.queueId(), Map.of());
        for (MessageRecord message :
            contents.messages.getOrDefault(queue.queueId(), new TreeMap<>()).values()) {
          visitor.message(
              message,
              Optional.ofNullable(states.get(message.messageId())),
              List.copyOf(deliveries.getOrDefault(message.messageId(), new TreeMap<>()).values()));
        }
      }
    }
  }

  @Override
  public List<StatsPoint> stats(long queueId, StatsStep step, long from, long to) {
    synchronized (contents) {
      TreeMap<Long, StatsCounts> periods = contents.stats.get(new StatsKey(queueId, step));
      if (periods == null || from >= to) {
        return List.of();
      }
      return periods.subMap(from, to).entrySet().stream()
          .map(e -> new StatsPoint(e.getKey(), e.getValue()))
          .toList();
    }
  }

  @Override
  public void watch(JournalWatcher newWatcher) {
    synchronized (contents) {
      watcher = newWatcher;
    }
  }

  /**
   * Fails every commit from now on, as a full disk would; for tests of what happens when a durable
   * store cannot write. The watcher hears of it at {@link #reportFailure}, as it would a moment
   * later from a durable store's own thread.
   */
  public void failWrites(JournalException cause) {
    synchronized (contents) {
      failure = cause;
    }
  }

  /** Tells the watcher that writes fail. */
  public void reportFailure() {
    JournalWatcher told;
    JournalException cause;
    synchronized (contents) {
      told = watcher;
      cause = failure;
    }
    told.writesFailed(cause);
  }

  /** Takes commits again, and tells the watcher. */
  public void resumeWrites() {
    JournalWatcher told;
    synchronized (contents) {
      failure = null;
      told = watcher;
    }
    told.writesResumed();
  }

  @Override
  public void close() {
    synchronized (contents) {
      closed = true;
    }
  }

  private record StatsKey(long queueId, StatsStep step) {}

  private static final class Contents implements Mutation.Handler {
    final Map<String, Long> sequences = new TreeMap<>();
    final Map<String, ProjectRecord> projects = new TreeMap<>();
    final Map<String, TokenRecord> tokens = new TreeMap<>();
    final Map<Long, QueueRecord> queues = new TreeMap<>();
    final Map<Long, Long> counters = new HashMap<>();
    final Map<Long, TreeMap<Long, MessageRecord>> messages = new HashMap<>();
    final Map<Long, Map<Long, MessageState>> states = new HashMap<>();
    final Map<Long, Map<Long, TreeMap<String, DeliveryRecord>>> deliveries = new HashMap<>();
    final Map<StatsKey, TreeMap<Long, StatsCounts>> stats = new HashMap<>();

    @Override
    public void queuePut(QueueRecord queue) {
      queues.put(queue.queueId(), queue);
    }

    @Override
    public void queueDelete(long queueId) {
      queues.remove(queueId);
      counters.remove(queueId);
      for (StatsStep step : StatsStep.values()) {
        stats.remove(new StatsKey(queueId, step));
      }
      messagesClear(queueId);
    }

    @Override
    public void queueCounterPut(long queueId, long totalMessages) {
      counters.put(queueId, totalMessages);
    }

    @Override
    public void messagePut(MessageRecord message) {
      messages
          .computeIfAbsent(message.queueId(), id -> new TreeMap<>())
          .put(message.messageId(), message);
    }

    @Override
    public void messageStatePut(MessageState state) {
      states.computeIfAbsent(state.queueId(), id -> new HashMap<>()).put(state.messageId(), state);
    }

    @Override
    public void messageDelete(long queueId, long messageId) {
      Optional.ofNullable(messages.get(queueId)).ifPresent(q -> q.remove(messageId));
      Optional.ofNullable(states.get(queueId)).ifPresent(q -> q.remove(messageId));
      Optional.ofNullable(deliveries.get(queueId)).ifPresent(q -> q.remove(messageId));
    }

    @Override
    public void messagesClear(long queueId) {
      messages.remove(queueId);
      states.remove(queueId);
      deliveries.remove(queueId);
    }

    @Override
    public void deliveryPut(DeliveryRecord delivery) {
      deliveries
          .computeIfAbsent(delivery.queueId(), id -> new HashMap<>())
          .computeIfAbsent(delivery.messageId(), id -> new TreeMap<>())
          .put(delivery.subscriberName(), delivery);
    }

    @Override
    public void projectPut(ProjectRecord project) {
      projects.put(project.projectId(), project);
    }

    @Override
    public void tokenPut(TokenRecord token) {
      tokens.put(token.tokenHash(), token);
    }

    @Override
    public void tokenDelete(String tokenHash) {
      tokens.remove(tokenHash);
    }

    @Override
    public void sequenceRaise(String name, long value) {
      sequences.merge(name, value, Math::max);
    }

    @Override
    public void statsPut(long queueId, StatsStep step, long period, StatsCounts counts) {
      stats.computeIfAbsent(new StatsKey(queueId, step), k -> new TreeMap<>()).put(period, counts);
    }

    @Override
    public void statsForget(long queueId, StatsStep step, long before) {
      Optional.ofNullable(stats.get(new StatsKey(queueId, step)))
          .ifPresent(periods -> periods.headMap(before).clear());
    }
  }
}
