package dev.ironmq.http.extensions;

import static dev.ironmq.http.Router.Access.PROJECT;

import dev.ironmq.backend.BrowsePage;
import dev.ironmq.backend.BrowseRequest;
import dev.ironmq.backend.BrowseState;
import dev.ironmq.backend.BrowsedMessage;
import dev.ironmq.backend.Limits;
import dev.ironmq.backend.QueueBackend;
import dev.ironmq.backend.problem.ProblemException;
import dev.ironmq.http.Call;
import dev.ironmq.http.Json;
import dev.ironmq.http.Router;
import dev.ironmq.http.SettingsJson;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code GET /3/projects/{project}/queues/{queue}/browse}: a page of the queue's messages in every
 * state, without taking any (docs/extensions.md, "Browsing a queue").
 */
public final class BrowseEndpoint {
  private static final String PATH = "/3/projects/{project}/queues/{queue}/browse";
  private static final String STATE_NAMES =
      Arrays.stream(BrowseState.values())
          .map(BrowseState::wireName)
          .collect(Collectors.joining(", "));

  private final QueueBackend backend;

  public BrowseEndpoint(QueueBackend backend) {
    this.backend = backend;
  }

  public void register(Router router) {
    router.add(HttpMethod.GET, PATH, PROJECT, false, this::browse);
  }

  void browse(Call call) {
    BrowseRequest request =
        new BrowseRequest(
            states(call.query("state").orElse("")),
            call.query("cursor")
                .filter(c -> !c.isEmpty())
                .map(
                    c ->
                        Call.parseMessageId(c)
                            .orElseThrow(
                                () ->
                                    ProblemException.invalid(
                                        "cursor must be the next_cursor of a page")))
                .orElse(0L),
            call.queryInt("n", Limits.DEFAULT_PER_PAGE),
            call.query("prefix").orElse(""));
    call.respond(backend.browse(call.queue(), request), 200, BrowseEndpoint::render);
  }

  /** {@code state=reserved,delayed}: the states named; none named is every state. */
  private static Set<BrowseState> states(String names) {
    if (names.isEmpty()) {
      return EnumSet.allOf(BrowseState.class);
    }
    Set<BrowseState> states = EnumSet.noneOf(BrowseState.class);
    for (String name : names.split(",", -1)) {
      states.add(
          BrowseState.fromWireName(name.trim())
              .orElseThrow(() -> ProblemException.invalid("state must be among " + STATE_NAMES)));
    }
    return states;
  }

  private static Buffer render(BrowsePage page) {
    return Json.render(
        json -> {
          json.writeStartObject();
          json.writeArrayFieldStart("messages");
          for (BrowsedMessage message : page.messages()) {
            json.writeStartObject();
            json.writeStringField("id", Long.toString(message.id()));
            json.writeStringField("body", message.body());
            json.writeStringField("state", message.state().wireName());
            json.writeNumberField("reserved_count", message.reservedCount());
            json.writeNumberField("timeout", message.timeoutSeconds());
            json.writeStringField("posted_at", instant(message.postedAt()));
            json.writeStringField("expires_at", instant(message.expiresAt()));
            switch (message.state()) {
              case DELAYED -> json.writeStringField("available_at", instant(message.visibleAt()));
              case RESERVED ->
                  json.writeStringField("reserved_until", instant(message.visibleAt()));
              default -> {}
            }
            SettingsJson.pushStatusesField(json, message.pushStatuses());
            json.writeEndObject();
          }
          json.writeEndArray();
          if (page.nextAfterId().isPresent()) {
            json.writeStringField("next_cursor", Long.toString(page.nextAfterId().getAsLong()));
          }
          json.writeEndObject();
        });
  }

  private static String instant(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).toString();
  }
}
