package dev.ironmq.postgres;

import dev.ironmq.backend.NewMessage;
import dev.ironmq.backend.PushAttempt;
import dev.ironmq.backend.PushPolicy;
import dev.ironmq.backend.QueueConfig;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.Subscriber;
import dev.ironmq.backend.push.Delivery;
import dev.ironmq.backend.push.DeliveryRules;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Posting, as one call of {@code post_messages}: the statement, its arguments, and what it answers
 * (the ids, the queue's settings and sizes, the attempts of a push queue it leased).
 */
final class Posts {
  static final String POST =
      "SELECT queue_id, config::text, ids, sizes, claimed_ids, claimed_keys, claimed_reservations"
          + " FROM post_messages($1, $2, $3::text::jsonb, $4, $5, $6, $7, $8, $9::text[]::jsonb[],"
          + " $10)";

  /** What a post did. */
  record Posted(
      long queueId,
      QueueConfig config,
      List<Long> ids,
      Optional<long[]> sizes,
      List<LeasedAttempt> starts) {}

  private Posts() {}

  static Tuple arguments(
      QueueRef ref, String newQueueConfig, long now, List<NewMessage> messages, long leaseMillis) {
    int n = messages.size();
    Buffer[] bodies = new Buffer[n];
    Integer[] delays = new Integer[n];
    Integer[] timeouts = new Integer[n];
    Integer[] expirations = new Integer[n];
    String[] headers = new String[n];
    for (int i = 0; i < n; i++) {
      NewMessage m = messages.get(i);
      bodies[i] = Bodies.bytes(m.body());
      delays[i] = m.delaySeconds();
      timeouts[i] = m.timeoutSeconds();
      expirations[i] = m.expiresInSeconds();
      String json = ConfigJson.headers(m.pushHeaders());
      headers[i] = json == null ? "{}" : json;
    }
    return Tuple.of(ref.projectId(), ref.name(), newQueueConfig, now)
        .addArrayOfBuffer(bodies)
        .addArrayOfInteger(delays)
        .addArrayOfInteger(timeouts)
        .addArrayOfInteger(expirations)
        .addArrayOfString(headers)
        .addLong(leaseMillis);
  }

  static Posted posted(Row row, QueueRef ref, List<NewMessage> messages, long now) {
    long queueId = row.getLong(0);
    QueueConfig config = ConfigJson.decode(row.getString(1));
    Long[] ids = row.getArrayOfLongs(2);
    Long[] sizes = row.getArrayOfLongs(3);
    List<Long> idList = List.of(ids);
    List<LeasedAttempt> starts = List.of();
    if (config.type().isPush()) {
      Map<Long, PostedMessage> posted = new HashMap<>();
      for (int i = 0; i < ids.length; i++) {
        NewMessage m = messages.get(i);
        posted.put(
            ids[i], new PostedMessage(m.body(), m.pushHeaders(), now + m.delaySeconds() * 1000L));
      }
      starts =
          new ArrayList<>(
              claimedByPost(
                  ref,
                  queueId,
                  config,
                  posted,
                  row.getArrayOfLongs(4),
                  row.getArrayOfStrings(5),
                  row.getArrayOfStrings(6)));
    }
    return new Posted(
        queueId,
        config,
        idList,
        sizes == null ? Optional.empty() : Optional.of(new long[] {sizes[0], sizes[1]}),
        starts);
  }

  /** Posts one message the server made (a copy, an error report, an alert) in a transaction. */
  static Future<Posted> postOne(
      SqlClient connection,
      QueueRef ref,
      String newQueueConfig,
      long now,
      String body,
      Map<String, String> pushHeaders,
      long leaseMillis) {
    List<NewMessage> one = List.of(new NewMessage(body, 0, 0, 0, pushHeaders));
    return Database.run(connection, POST, arguments(ref, newQueueConfig, now, one, leaseMillis))
        .map(rows -> posted(rows.iterator().next(), ref, one, now));
  }

  /** The attempts leased by a post of these messages to a push queue. */
  static List<LeasedAttempt> claimedByPost(
      QueueRef ref,
      long queueId,
      QueueConfig config,
      Map<Long, PostedMessage> posted,
      Long[] ids,
      String[] keys,
      String[] reservations) {
    List<LeasedAttempt> starts = new ArrayList<>();
    PushPolicy policy = config.push().orElseThrow();
    for (int i = 0; i < ids.length; i++) {
      long id = ids[i];
      PostedMessage message = posted.get(id);
      Delivery fresh =
          keys[i].isEmpty()
              ? Delivery.Unicast.queued(message.availableAt())
              : Delivery.Multicast.queued(keys[i], message.availableAt());
      Optional<Subscriber> subscriber = DeliveryRules.subscriberFor(fresh, policy, id);
      if (subscriber.isPresent()) {
        starts.add(
            new LeasedAttempt(
                new DeliveryKey(queueId, id, keys[i]),
                new PushAttempt(
                    ref,
                    id,
                    message.body(),
                    subscriber.get(),
                    message.pushHeaders(),
                    reservations[i])));
      }
    }
    return starts;
  }

  /** What a post wrote of a message, which its first attempts carry. */
  record PostedMessage(String body, Map<String, String> pushHeaders, long availableAt) {}
}
