package dev.ironmq.postgres;

import dev.ironmq.backend.AlertNotice;
import dev.ironmq.backend.AlertRecord;
import dev.ironmq.backend.AlertRules;
import dev.ironmq.backend.InternalMessages;
import dev.ironmq.backend.NewMessage;
import dev.ironmq.backend.QueueConfig;
import dev.ironmq.backend.QueueRef;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * A queue's size alerts on PostgreSQL. A change of a queue with alerts reports the size before and
 * after it, judged one change at a time against the size last seen ({@code watch_size}), so each
 * crossing is seen by exactly one change, whichever node made it; an alert that fires claims its
 * firing in the database ({@code claim_alert}), so that its snooze holds across nodes; then its
 * message is posted.
 */
final class Alerts {
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
        fired.add(fire(ref, queueId, alert, after));
      }
    }
    return CompletableFuture.allOf(fired.toArray(CompletableFuture[]::new));
  }

  private CompletableFuture<?> fire(QueueRef ref, long queueId, AlertRecord alert, long size) {
    long now = clock.now();
    return database
        .one(
            "SELECT claim_alert($1, $2, $3, $4)",
            Tuple.of(queueId, alert.id(), now, alert.snoozeSeconds() * 1000L))
        .thenCompose(
            row -> {
              if (!row.getBoolean(0)) {
                return CompletableFuture.completedFuture(null);
              }
              String body =
                  messages.render(
                      new AlertNotice(
                          ref.name(),
                          size,
                          alert.id(),
                          alert.progressive(),
                          alert.descending(),
                          alert.trigger(),
                          now));
              return post.apply(ref.sibling(alert.targetQueue()), List.of(NewMessage.of(body)));
            });
  }
}
