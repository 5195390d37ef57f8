package dev.ironmq.postgres;

import dev.ironmq.backend.AlertKind;
import dev.ironmq.backend.AlertNotice;
import dev.ironmq.backend.AlertRecord;
import dev.ironmq.backend.AlertRules;
import dev.ironmq.backend.InternalMessages;
import dev.ironmq.backend.NewMessage;
import dev.ironmq.backend.QueueConfig;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.Subscriber;
import dev.ironmq.backend.SubscriberRate;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * A queue's alerts on PostgreSQL. A change of a queue with size alerts reports the size before and
 * after it, judged one change at a time against the size last seen ({@code watch_size}), so each
 * crossing is seen by exactly one change, whichever node made it. Age and failure-rate alerts are
 * judged by a periodic check on every node; each reading is recorded in the database ({@code
 * cross_alert}), so a crossing fires on the node that sees it first. Failure rates are each node's
 * own: a node judges the attempts it made. An alert that fires claims its firing in the database
 * ({@code claim_alert}), so that its snooze holds across nodes; then its message is posted.
 */
final class Alerts {
  /** The queues with age or failure-rate alerts, with their size. */
  private static final String CHECKED =
      "SELECT id, project_id, name, config::text, queue_size(id) FROM queues"
          + " WHERE config->'alerts' @> '[{\"kind\": \"age\"}]'"
          + " OR config->'alerts' @> '[{\"kind\": \"failure_rate\"}]'";

  /** When the oldest available message of a queue was posted, as {@code QueueLoads} reads it. */
  private static final String OLDEST =
      "SELECT min(posted_at) FROM messages WHERE queue_id = $1 AND state = 0"
          + " AND expires_at > $2 AND visible_at <= $2";

  private final Database database;
  private final Clockwork clock;
  private final InternalMessages messages;
  private final BiFunction<QueueRef, List<NewMessage>, CompletableFuture<List<Long>>> post;

  Alerts(
      Database database,
      Clockwork clock,
      InternalMessages messages,
      BiFunction<QueueRef, List<NewMessage>, CompletableFuture<List<Long>>> post) {
    this.database = database;
    this.clock = clock;
    this.messages = messages;
    this.post = post;
  }

  /** Fires the alerts that a change of size from {@code sizes[0]} to {@code sizes[1]} crosses. */
  CompletableFuture<Void> sizeChanged(
      QueueRef ref, long queueId, QueueConfig config, Optional<long[]> sizes) {
    if (sizes.isEmpty() || config.alerts().isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    long before = sizes.get()[0];
    long after = sizes.get()[1];
    List<CompletableFuture<?>> fired = new ArrayList<>();
    for (AlertRecord alert : config.alerts()) {
      if (AlertRules.fires(alert, before, after)) {
        fired.add(fire(ref, queueId, alert, AlertNotice.ofSize(ref, after, alert, clock.now())));
      }
    }
    return allOf(fired);
  }

  /** Judges the age and failure-rate alerts of every queue that has any. */
  CompletableFuture<Void> check(List<SubscriberRate> rates) {
    Map<QueueRef, Map<String, SubscriberRate>> byQueue = new HashMap<>();
    for (SubscriberRate rate : rates) {
      byQueue.computeIfAbsent(rate.queue(), q -> new HashMap<>()).put(rate.subscriber(), rate);
    }
    return database
        .run(CHECKED, Tuple.tuple())
        .thenCompose(
            rows -> {
              List<CompletableFuture<?>> checked = new ArrayList<>();
              for (Row row : rows) {
                QueueRef ref = QueueRef.of(row.getString(1), row.getString(2));
                checked.add(
                    check(
                        ref,
                        row.getLong(0),
                        ConfigJson.decode(row.getString(3)),
                        row.getLong(4),
                        byQueue.getOrDefault(ref, Map.of())));
              }
              return allOf(checked);
            });
  }

  private CompletableFuture<Void> check(
      QueueRef ref,
      long queueId,
      QueueConfig config,
      long size,
      Map<String, SubscriberRate> rates) {
    long now = clock.now();
    boolean ages = config.alerts().stream().anyMatch(alert -> alert.kind() == AlertKind.AGE);
    CompletableFuture<Long> oldestAge =
        ages
            ? database
                .one(OLDEST, Tuple.of(queueId, now))
                .thenApply(row -> row.getLong(0) == null ? 0L : Math.max(0L, now - row.getLong(0)))
            : CompletableFuture.completedFuture(0L);
    return oldestAge.thenCompose(
        age -> {
          List<CompletableFuture<?>> judged = new ArrayList<>();
          for (AlertRecord alert : config.alerts()) {
            if (alert.kind() == AlertKind.AGE) {
              AlertNotice notice =
                  new AlertNotice(
                      ref.name(), size, alert, now, OptionalLong.of(age / 1000), Optional.empty());
              judged.add(
                  judge(
                      ref,
                      queueId,
                      alert,
                      AlertRules.readingKey(alert, Optional.empty()),
                      AlertRules.ageReached(alert, age),
                      notice));
            } else if (alert.kind() == AlertKind.FAILURE_RATE) {
              for (Subscriber subscriber :
                  config.push().map(p -> p.subscribers()).orElse(List.of())) {
                SubscriberRate rate = rates.get(subscriber.name());
                Optional<Boolean> reached =
                    rate == null ? Optional.empty() : AlertRules.rateReached(alert, rate);
                if (reached.isPresent()) {
                  AlertNotice notice =
                      new AlertNotice(
                          ref.name(), size, alert, now, OptionalLong.empty(), Optional.of(rate));
                  judged.add(
                      judge(
                          ref,
                          queueId,
                          alert,
                          AlertRules.readingKey(alert, Optional.of(subscriber.name())),
                          reached.get(),
                          notice));
                }
              }
            }
          }
          return allOf(judged);
        });
  }

  /** Records a reading; fires the alert when the reading crossed its trigger. */
  private CompletableFuture<?> judge(
      QueueRef ref,
      long queueId,
      AlertRecord alert,
      String key,
      boolean reached,
      AlertNotice notice) {
    return database
        .one("SELECT cross_alert($1, $2, $3)", Tuple.of(queueId, key, reached))
        .thenCompose(
            row ->
                row.getBoolean(0)
                    ? fire(ref, queueId, alert, notice)
                    : CompletableFuture.completedFuture(null));
  }

  private CompletableFuture<?> fire(
      QueueRef ref, long queueId, AlertRecord alert, AlertNotice notice) {
    return database
        .one(
            "SELECT claim_alert($1, $2, $3, $4)",
            Tuple.of(queueId, alert.id(), notice.firedAt(), alert.snoozeSeconds() * 1000L))
        .thenCompose(
            row -> {
              if (!row.getBoolean(0)) {
                return CompletableFuture.completedFuture(null);
              }
              return post.apply(
                  ref.sibling(alert.targetQueue()),
                  List.of(NewMessage.of(messages.render(notice))));
            });
  }

  private static CompletableFuture<Void> allOf(List<CompletableFuture<?>> futures) {
    return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
  }
}
