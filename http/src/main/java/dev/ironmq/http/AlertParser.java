package dev.ironmq.http;

import dev.ironmq.backend.AlertSpec;
import dev.ironmq.backend.problem.ProblemException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/** Reads alerts, and the ids of alerts to remove, from requests. */
public final class AlertParser {
  private AlertParser() {}

  public static List<AlertSpec> alerts(JsonBody body) {
    List<AlertSpec> alerts = new ArrayList<>();
    for (JsonBody alert : body.objects("alerts")) {
      alerts.add(
          new AlertSpec(
              alert.string("type"),
              alert.has("trigger")
                  ? OptionalInt.of(alert.integer("trigger", 0))
                  : OptionalInt.empty(),
              alert.string("direction").filter(d -> !d.isEmpty()),
              alert.string("queue"),
              alert.has("snooze")
                  ? OptionalInt.of(alert.integer("snooze", 0))
                  : OptionalInt.empty()));
    }
    return alerts;
  }

  /**
   * The ids of alerts to remove: {@code {"alerts": [{"id": ...}]}}, or, as one client sends it,
   * wrapped in {@code {"queue": {...}}}.
   */
  public static List<String> ids(JsonBody body) {
    JsonBody holder = body.has("alerts") ? body : body.object("queue").orElse(body);
    List<String> ids = new ArrayList<>();
    for (JsonBody alert : holder.objects("alerts")) {
      ids.add(alert.requiredString("id"));
    }
    if (ids.isEmpty()) {
      throw ProblemException.invalid("alerts must name at least one alert by id");
    }
    return ids;
  }
}
