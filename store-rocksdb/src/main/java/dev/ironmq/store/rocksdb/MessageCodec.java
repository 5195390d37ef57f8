package dev.ironmq.store.rocksdb;

import dev.ironmq.backend.AttemptResult;
import dev.ironmq.backend.DeliveryStatus;
import dev.ironmq.backend.stored.StoredCodes;
import dev.ironmq.store.DeliveryRecord;
import dev.ironmq.store.JournalException;
import dev.ironmq.store.MessageRecord;
import dev.ironmq.store.MessageState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binary values of the {@code messages} and {@code states} families. Each value starts with a
 * format version byte.
 *
 * <p>Message, version 1: posted-at, expires-at, available-at (longs), timeout (int), push header
 * count (short) and that many pairs of length-prefixed UTF-8 strings, then the body as UTF-8 up to
 * the end. State, version 1: reserved count (int), visible-at (long), then the reservation id as
 * ASCII up to the end. Delivery, version 1: status (a byte, see {@link StoredCodes}), tries, round,
 * cursor (ints), last try and next attempt (longs), the reservation id and the result count (a
 * short) followed by that many results (subscriber name, status code as an int, message), strings
 * length-prefixed UTF-8.
 */
final class MessageCodec {
  private static final byte VERSION = 1;

  private MessageCodec() {}

  static byte[] encode(MessageRecord message) {
    byte[] body = message.body().getBytes(StandardCharsets.UTF_8);
    int headersLength = 0;
    byte[][] headers = new byte[message.pushHeaders().size() * 2][];
    int i = 0;
    for (Map.Entry<String, String> header : message.pushHeaders().entrySet()) {
      headers[i] = header.getKey().getBytes(StandardCharsets.UTF_8);
      headers[i + 1] = header.getValue().getBytes(StandardCharsets.UTF_8);
      headersLength += 8 + headers[i].length + headers[i + 1].length;
      i += 2;
    }
    ByteBuffer out = ByteBuffer.allocate(1 + 8 * 3 + 4 + 2 + headersLength + body.length);
    out.put(VERSION)
        .putLong(message.postedAt())
        .putLong(message.expiresAt())
        .putLong(message.availableAt())
        .putInt(message.timeoutSeconds())
        .putShort((short) message.pushHeaders().size());
    for (byte[] part : headers) {
      out.putInt(part.length).put(part);
    }
    return out.put(body).array();
  }

  static MessageRecord decodeMessage(long queueId, long messageId, byte[] value) {
    ByteBuffer in = ByteBuffer.wrap(value);
    checkVersion(in.get(), "message");
    long postedAt = in.getLong();
    long expiresAt = in.getLong();
    long availableAt = in.getLong();
    int timeout = in.getInt();
    int headerCount = in.getShort();
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; i < headerCount; i++) {
      headers.put(string(in), string(in));
    }
    String body =
        new String(value, in.position(), value.length - in.position(), StandardCharsets.UTF_8);
    return new MessageRecord(
        queueId, messageId, body, postedAt, expiresAt, availableAt, timeout, headers);
  }

  static byte[] encode(MessageState state) {
    byte[] reservation = state.reservationId().getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(1 + 4 + 8 + reservation.length)
        .put(VERSION)
        .putInt(state.reservedCount())
        .putLong(state.visibleAt())
        .put(reservation)
        .array();
  }

  static MessageState decodeState(long queueId, long messageId, byte[] value) {
    ByteBuffer in = ByteBuffer.wrap(value);
    checkVersion(in.get(), "message state");
    int reservedCount = in.getInt();
    long visibleAt = in.getLong();
    String reservationId =
        new String(value, in.position(), value.length - in.position(), StandardCharsets.US_ASCII);
    return new MessageState(queueId, messageId, reservedCount, reservationId, visibleAt);
  }

  static byte[] encode(DeliveryRecord delivery) {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream(64);
    java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
    try {
      out.writeByte(VERSION);
      out.writeByte(StoredCodes.code(delivery.status()));
      out.writeInt(delivery.tries());
      out.writeInt(delivery.round());
      out.writeInt(delivery.cursor());
      out.writeLong(delivery.lastTryAt());
      out.writeLong(delivery.nextAttemptAt());
      writeString(out, delivery.reservationId());
      out.writeShort(delivery.results().size());
      for (AttemptResult result : delivery.results()) {
        writeString(out, result.subscriberName());
        out.writeInt(result.statusCode());
        writeString(out, result.message());
      }
    } catch (java.io.IOException e) {
      throw new JournalException("cannot encode a delivery", e);
    }
    return bytes.toByteArray();
  }

  static DeliveryRecord decodeDelivery(
      long queueId, long messageId, String subscriberName, byte[] value) {
    ByteBuffer in = ByteBuffer.wrap(value);
    checkVersion(in.get(), "delivery");
    DeliveryStatus status;
    try {
      status = StoredCodes.deliveryStatus(in.get());
    } catch (IllegalStateException unknownCode) {
      throw new JournalException(unknownCode.getMessage(), unknownCode);
    }
    int tries = in.getInt();
    int round = in.getInt();
    int cursor = in.getInt();
    long lastTryAt = in.getLong();
    long nextAttemptAt = in.getLong();
    String reservationId = string(in);
    int count = in.getShort();
    List<AttemptResult> results = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      results.add(new AttemptResult(string(in), in.getInt(), string(in)));
    }
    return new DeliveryRecord(
        queueId,
        messageId,
        subscriberName,
        status,
        tries,
        round,
        cursor,
        lastTryAt,
        nextAttemptAt,
        reservationId,
        results);
  }

  private static void writeString(java.io.DataOutputStream out, String value)
      throws java.io.IOException {
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String string(ByteBuffer in) {
    byte[] bytes = new byte[in.getInt()];
    in.get(bytes);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static void checkVersion(byte version, String what) {
    if (version != VERSION) {
      throw new JournalException("unknown " + what + " format version " + version);
    }
  }
}
