package dev.ironmq.store.rocksdb;

import dev.ironmq.store.DeliveryRecord;
import dev.ironmq.store.JournalDamagedException;
import dev.ironmq.store.JournalVisitor;
import dev.ironmq.store.MessageState;
import dev.ironmq.store.QueueRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.RocksDB;

/**
 * Reads everything stored, in the order {@link JournalVisitor} promises, and checks every read for
 * damage. Under {@link DataLossPolicy#REFUSE} the first damaged block ends the scan with a {@link
 * JournalDamagedException} that says what it holds; under {@link DataLossPolicy#ACCEPT} the scan
 * reads around it and returns, one sentence each, what could not be read.
 */
final class JournalScan {
  private final RocksDB db;
  private final ColumnFamilies families;
  private final DataLossPolicy policy;
  private final List<String> losses = new ArrayList<>();

  private JournalScan(RocksDB db, ColumnFamilies families, DataLossPolicy policy) {
    this.db = db;
    this.families = families;
    this.policy = policy;
  }

  /** Scans the store; returns what was lost (empty when nothing was damaged). */
  static List<String> run(
      RocksDB db, ColumnFamilies families, DataLossPolicy policy, JournalVisitor visitor) {
    JournalScan scan = new JournalScan(db, families, policy);
    scan.global(visitor);
    scan.queues(visitor);
    return List.copyOf(scan.losses);
  }

  private void global(JournalVisitor visitor) {
    List<byte[][]> sequences = new ArrayList<>();
    List<byte[]> projects = new ArrayList<>();
    List<byte[]> tokens = new ArrayList<>();
    read(
        families.global(),
        null,
        null,
        (key, value) -> {
          switch (key[0]) {
            case Keys.SEQUENCE -> sequences.add(new byte[][] {key, value});
            case Keys.PROJECT -> projects.add(value);
            case Keys.TOKEN -> tokens.add(value);
            default -> {}
          }
        },
        gap ->
            "some projects, tokens and id sequences cannot be read ("
                + gap.cause()
                + "): those projects and tokens are lost");
    for (byte[][] sequence : sequences) {
      visitor.sequence(Keys.name(sequence[0]), ByteBuffer.wrap(sequence[1]).getLong());
    }
    projects.forEach(value -> visitor.project(RecordCodec.decodeProject(value)));
    tokens.forEach(value -> visitor.token(RecordCodec.decodeToken(value)));
  }

  private void queues(JournalVisitor visitor) {
    Map<Long, QueueRecord> records = new TreeMap<>();
    Map<Long, Long> counters = new HashMap<>();
    read(
        families.queues(),
        null,
        null,
        (key, value) -> {
          long queueId = Keys.queueId(key);
          if (key[8] == Keys.QUEUE_RECORD) {
            records.put(queueId, RecordCodec.decodeQueue(value));
          } else if (key[8] == Keys.QUEUE_COUNTER) {
            counters.put(queueId, ByteBuffer.wrap(value).getLong());
          }
        },
        gap ->
            "the records of queues "
                + idRange(gap, Keys::queueId)
                + " cannot be read ("
                + gap.cause()
                + "): those queues and every message in them are lost");
    for (QueueRecord queue : records.values()) {
      visitor.queue(queue, counters.getOrDefault(queue.queueId(), 0L));
      messages(queue, visitor);
    }
  }

  private void messages(QueueRecord queue, JournalVisitor visitor) {
    long queueId = queue.queueId();
    byte[] start = Keys.queueStart(queueId);
    byte[] end = Keys.queueEnd(queueId);
    Map<Long, MessageState> states = new HashMap<>();
    read(
        families.states(),
        start,
        end,
        (key, value) -> {
          long messageId = Keys.messageId(key);
          states.put(messageId, MessageCodec.decodeState(queueId, messageId, value));
        },
        gap ->
            name(queue)
                + " the reservations and release delays of messages "
                + idRange(gap, Keys::messageId)
                + " cannot be read ("
                + gap.cause()
                + "): those messages are handed out again at once");
    Map<Long, List<DeliveryRecord>> deliveries = new HashMap<>();
    read(
        families.deliveries(),
        start,
        end,
        (key, value) -> {
          long messageId = Keys.messageId(key);
          deliveries
              .computeIfAbsent(messageId, id -> new ArrayList<>(2))
              .add(
                  MessageCodec.decodeDelivery(queueId, messageId, Keys.subscriberName(key), value));
        },
        gap ->
            name(queue)
                + " the push deliveries of messages "
                + idRange(gap, Keys::messageId)
                + " cannot be read ("
                + gap.cause()
                + "): those messages are pushed again");
    read(
        families.messages(),
        start,
        end,
        (key, value) -> {
          long messageId = Keys.messageId(key);
          visitor.message(
              MessageCodec.decodeMessage(queueId, messageId, value),
              Optional.ofNullable(states.get(messageId)),
              deliveries.getOrDefault(messageId, List.of()));
        },
        gap ->
            name(queue)
                + " messages "
                + idRange(gap, Keys::messageId)
                + " cannot be read ("
                + gap.cause()
                + "): those messages are lost");
  }

  /**
   * What a gap in a range means to a user, in one clause: what cannot be read, RocksDB's reason
   * (which names the file), and what becomes of it.
   */
  @FunctionalInterface
  private interface Meaning {
    String of(RangeReader.Gap gap);
  }

  private void read(
      ColumnFamilyHandle family,
      byte[] start,
      byte[] end,
      RangeReader.Entry entry,
      Meaning meaning) {
    boolean readPast = policy == DataLossPolicy.ACCEPT;
    RangeReader.read(db, family, start, end, readPast, entry)
        .ifPresent(
            gap -> {
              if (!readPast) {
                throw new JournalDamagedException(
                    "the store is damaged, and using it would mean that " + meaning.of(gap));
              }
              losses.add(meaning.of(gap));
            });
  }

  private static String name(QueueRecord queue) {
    return "in queue '" + queue.name() + "' of project " + queue.projectId() + ",";
  }

  private static String idRange(RangeReader.Gap gap, ToLongFunction<byte[]> id) {
    String after = gap.lastBefore() == null ? "" : "after " + id.applyAsLong(gap.lastBefore());
    String before = gap.firstAfter() == null ? "" : "before " + id.applyAsLong(gap.firstAfter());
    String range = (after + (after.isEmpty() || before.isEmpty() ? "" : " and ") + before).strip();
    return range.isEmpty() ? "(all of them)" : range;
  }
}
