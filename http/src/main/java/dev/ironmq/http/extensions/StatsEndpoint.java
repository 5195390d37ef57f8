package dev.ironmq.http.extensions;

import static dev.ironmq.http.Router.Access.PROJECT;

import dev.ironmq.backend.QueueBackend;
import dev.ironmq.backend.StatsCounts;
import dev.ironmq.backend.StatsPoint;
import dev.ironmq.backend.StatsStep;
import dev.ironmq.backend.problem.ProblemException;
import dev.ironmq.http.Call;
import dev.ironmq.http.Json;
import dev.ironmq.http.Router;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /3/projects/{project}/queues/{queue}/stats}: the queue's history, by minute or by hour
 * (docs/extensions.md, "A queue's history").
 */
public final class StatsEndpoint {
  private static final String PATH = "/3/projects/{project}/queues/{queue}/stats";

  private final QueueBackend backend;
  private final InstantSource clock;

  public StatsEndpoint(QueueBackend backend, InstantSource clock) {
    this.backend = backend;
    this.clock = clock;
  }

  public void register(Router router) {
    router.add(HttpMethod.GET, PATH, PROJECT, false, this::stats);
  }

  /** The range asked for, or the last hour of minutes, or the last week of hours. */
  void stats(Call call) {
    StatsStep step =
        call.query("step")
            .filter(s -> !s.isEmpty())
            .map(
                s ->
                    StatsStep.fromWireName(s)
                        .orElseThrow(() -> ProblemException.invalid("step must be 1m or 1h")))
            .orElse(StatsStep.MINUTE);
    long to = instant(call, "to").orElse(clock.millis());
    Duration span = step == StatsStep.MINUTE ? Duration.ofHours(1) : Duration.ofDays(7);
    long from = instant(call, "from").orElse(to - span.toMillis());
    if (from >= to) {
      throw ProblemException.invalid("from must be before to");
    }
    call.respond(
        backend.stats(call.queue(), from, to, step),
        200,
        points -> render(call.queue().name(), step, from, to, points));
  }

  /** An instant as ISO-8601 ({@code 2026-12-01T08:00:00Z}) or as seconds since 1970. */
  private static Optional<Long> instant(Call call, String name) {
    return call.query(name)
        .filter(value -> !value.isEmpty())
        .map(
            value -> {
              try {
                if (value.chars().allMatch(Character::isDigit) && value.length() <= 12) {
                  return Long.parseLong(value) * 1000;
                }
                return Instant.parse(value).toEpochMilli();
              } catch (DateTimeParseException | NumberFormatException e) {
                throw ProblemException.invalid(
                    name
                        + " must be an instant such as 2026-12-01T08:00:00Z, or seconds since 1970");
              }
            });
  }

  private static Buffer render(
      String queue, StatsStep step, long from, long to, List<StatsPoint> points) {
    return Json.render(
        json -> {
          json.writeStartObject();
          json.writeStringField("queue", queue);
          json.writeStringField("step", step.wireName());
          json.writeStringField("from", Instant.ofEpochMilli(from).toString());
          json.writeStringField("to", Instant.ofEpochMilli(to).toString());
          json.writeArrayFieldStart("stats");
          for (StatsPoint point : points) {
            StatsCounts counts = point.counts();
            json.writeStartObject();
            json.writeStringField("at", Instant.ofEpochMilli(point.at()).toString());
            json.writeNumberField("size", counts.size());
            json.writeNumberField("posted", counts.posted());
            json.writeNumberField("reserved", counts.reserved());
            json.writeNumberField("deleted", counts.deleted());
            json.writeNumberField("push_delivered", counts.pushDelivered());
            json.writeNumberField("push_failed", counts.pushFailed());
            json.writeEndObject();
          }
          json.writeEndArray();
          json.writeEndObject();
        });
  }
}
