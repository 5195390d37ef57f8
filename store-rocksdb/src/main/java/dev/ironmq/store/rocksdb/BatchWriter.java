package dev.ironmq.store.rocksdb;

import dev.ironmq.backend.ProjectRecord;
import dev.ironmq.backend.StatsCounts;
import dev.ironmq.backend.StatsStep;
import dev.ironmq.backend.TokenRecord;
import dev.ironmq.store.DeliveryRecord;
import dev.ironmq.store.JournalException;
import dev.ironmq.store.MessageRecord;
import dev.ironmq.store.MessageState;
import dev.ironmq.store.Mutation;
import dev.ironmq.store.QueueRecord;
import java.nio.ByteBuffer;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Translates mutations into one RocksDB write batch. Used by the writer thread only; it also keeps
 * the current value of each sequence so that a raise never lowers one.
 */
final class BatchWriter implements Mutation.Handler {
  private final ColumnFamilies families;
  private final Map<String, Long> sequences;
  private WriteBatch batch;

  BatchWriter(ColumnFamilies families, Map<String, Long> sequences) {
    this.families = families;
    this.sequences = sequences;
  }

  void writeTo(WriteBatch target, Iterable<Mutation> mutations) {
    batch = target;
    try {
      for (Mutation mutation : mutations) {
        mutation.applyTo(this);
      }
    } finally {
      batch = null;
    }
  }

  @Override
  public void queuePut(QueueRecord queue) {
    put(
        families.queues(),
        Keys.queue(queue.queueId(), Keys.QUEUE_RECORD),
        RecordCodec.encode(queue));
  }

  @Override
  public void queueDelete(long queueId) {
    run(() -> batch.delete(families.queues(), Keys.queue(queueId, Keys.QUEUE_RECORD)));
    run(() -> batch.delete(families.queues(), Keys.queue(queueId, Keys.QUEUE_COUNTER)));
    run(
        () ->
            batch.deleteRange(families.queues(), Keys.statsStart(queueId), Keys.statsEnd(queueId)));
    messagesClear(queueId);
  }

  @Override
  public void queueCounterPut(long queueId, long totalMessages) {
    put(
        families.queues(),
        Keys.queue(queueId, Keys.QUEUE_COUNTER),
        ByteBuffer.allocate(8).putLong(totalMessages).array());
  }

  @Override
  public void messagePut(MessageRecord message) {
    put(
        families.messages(),
        Keys.message(message.queueId(), message.messageId()),
        MessageCodec.encode(message));
  }

  @Override
  public void messageStatePut(MessageState state) {
    put(
        families.states(),
        Keys.message(state.queueId(), state.messageId()),
        MessageCodec.encode(state));
  }

  @Override
  public void messageDelete(long queueId, long messageId) {
    byte[] key = Keys.message(queueId, messageId);
    run(() -> batch.singleDelete(families.messages(), key));
    run(() -> batch.delete(families.states(), key));
    run(() -> batch.deleteRange(families.deliveries(), key, Keys.messageEnd(queueId, messageId)));
  }

  @Override
  public void deliveryPut(DeliveryRecord delivery) {
    put(
        families.deliveries(),
        Keys.delivery(delivery.queueId(), delivery.messageId(), delivery.subscriberName()),
        MessageCodec.encode(delivery));
  }

  @Override
  public void messagesClear(long queueId) {
    byte[] start = Keys.queueStart(queueId);
    byte[] end = Keys.queueEnd(queueId);
    run(() -> batch.deleteRange(families.messages(), start, end));
    run(() -> batch.deleteRange(families.states(), start, end));
    run(() -> batch.deleteRange(families.deliveries(), start, end));
  }

  @Override
  public void projectPut(ProjectRecord project) {
    put(
        families.global(),
        Keys.named(Keys.PROJECT, project.projectId()),
        RecordCodec.encode(project));
  }

  @Override
  public void tokenPut(TokenRecord token) {
    put(families.global(), Keys.named(Keys.TOKEN, token.tokenHash()), RecordCodec.encode(token));
  }

  @Override
  public void tokenDelete(String tokenHash) {
    run(() -> batch.delete(families.global(), Keys.named(Keys.TOKEN, tokenHash)));
  }

  @Override
  public void sequenceRaise(String name, long value) {
    long current = sequences.getOrDefault(name, Long.MIN_VALUE);
    if (value > current) {
      sequences.put(name, value);
      put(
          families.global(),
          Keys.named(Keys.SEQUENCE, name),
          ByteBuffer.allocate(8).putLong(value).array());
    }
  }

  @Override
  public void statsPut(long queueId, StatsStep step, long period, StatsCounts counts) {
    put(
        families.queues(),
        Keys.stats(queueId, (byte) step.ordinal(), period),
        RecordCodec.encode(counts));
  }

  @Override
  public void statsForget(long queueId, StatsStep step, long before) {
    byte code = (byte) step.ordinal();
    run(
        () ->
            batch.deleteRange(
                families.queues(),
                Keys.stats(queueId, code, 0),
                Keys.stats(queueId, code, before)));
  }

  private void put(org.rocksdb.ColumnFamilyHandle family, byte[] key, byte[] value) {
    run(() -> batch.put(family, key, value));
  }

  private interface RocksAction {
    void run() throws RocksDBException;
  }

  private static void run(RocksAction action) {
    try {
      action.run();
    } catch (RocksDBException e) {
      throw new JournalException("cannot add to a write batch", e);
    }
  }
}
