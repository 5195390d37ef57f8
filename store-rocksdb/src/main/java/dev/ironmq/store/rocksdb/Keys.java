package dev.ironmq.store.rocksdb;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Key layout. Numbers are big-endian so that byte order is numeric order (ids are positive).
 *
 * <ul>
 *   <li>column family {@code default}: {@code 0x01 name} sequences, {@code 0x02 projectId}
 *       projects, {@code 0x03 tokenHash} tokens
 *   <li>{@code queues}: {@code queueId 0x00} the queue record, {@code queueId 0x01} its counter,
 *       {@code queueId 0x02 step periodStart} a period of its history (step 0 a minute, 1 an hour)
 *   <li>{@code messages}: {@code queueId messageId}, written once and removed with SingleDelete
 *   <li>{@code states}: {@code queueId messageId}, rewritten on every reserve, touch and release
 *   <li>{@code deliveries}: {@code queueId messageId subscriberName}, rewritten on every push
 *       attempt
 * </ul>
 */
final class Keys {
  static final byte SEQUENCE = 0x01;
  static final byte PROJECT = 0x02;
  static final byte TOKEN = 0x03;
  static final byte QUEUE_RECORD = 0x00;
  static final byte QUEUE_COUNTER = 0x01;
  static final byte QUEUE_STATS = 0x02;

  private Keys() {}

  static byte[] named(byte kind, String name) {
    byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
    byte[] key = new byte[1 + utf8.length];
    key[0] = kind;
    System.arraycopy(utf8, 0, key, 1, utf8.length);
    return key;
  }

  static String name(byte[] key) {
    return new String(key, 1, key.length - 1, StandardCharsets.UTF_8);
  }

  static byte[] queue(long queueId, byte kind) {
    return ByteBuffer.allocate(9).putLong(queueId).put(kind).array();
  }

  static byte[] message(long queueId, long messageId) {
    return ByteBuffer.allocate(16).putLong(queueId).putLong(messageId).array();
  }

  static byte[] delivery(long queueId, long messageId, String subscriberName) {
    byte[] name = subscriberName.getBytes(StandardCharsets.UTF_8);
    return ByteBuffer.allocate(16 + name.length)
        .putLong(queueId)
        .putLong(messageId)
        .put(name)
        .array();
  }

  static String subscriberName(byte[] deliveryKey) {
    return new String(deliveryKey, 16, deliveryKey.length - 16, StandardCharsets.UTF_8);
  }

  /** The key just past every key of a message (its deliveries). */
  static byte[] messageEnd(long queueId, long messageId) {
    return message(queueId, messageId + 1);
  }

  /** The first key of a queue's messages. */
  static byte[] queueStart(long queueId) {
    return ByteBuffer.allocate(8).putLong(queueId).array();
  }

  /** The key just past a queue's messages. */
  static byte[] queueEnd(long queueId) {
    return ByteBuffer.allocate(8).putLong(queueId + 1).array();
  }

  /** The key of a period of a queue's history, or the bound of its step's periods. */
  static byte[] stats(long queueId, byte step, long period) {
    return ByteBuffer.allocate(18)
        .putLong(queueId)
        .put(QUEUE_STATS)
        .put(step)
        .putLong(period)
        .array();
  }

  /** The first key of a queue's history. */
  static byte[] statsStart(long queueId) {
    return queue(queueId, QUEUE_STATS);
  }

  /** The key just past a queue's history. */
  static byte[] statsEnd(long queueId) {
    return queue(queueId, (byte) (QUEUE_STATS + 1));
  }

  /** The start of the period a history key names. */
  static long statsPeriod(byte[] key) {
    return ByteBuffer.wrap(key, 10, 8).getLong();
  }

  static long queueId(byte[] key) {
    return ByteBuffer.wrap(key, 0, 8).getLong();
  }

  static long messageId(byte[] key) {
    return ByteBuffer.wrap(key, 8, 8).getLong();
  }
}
