package dev.ironmq.http.v3;

import static dev.ironmq.http.Router.Access.PROJECT;

import dev.ironmq.core.DeleteTarget;
import dev.ironmq.core.Engine;
import dev.ironmq.core.PendingReserve;
import dev.ironmq.core.QueueChange;
import dev.ironmq.core.ReservationCheck;
import dev.ironmq.core.ReserveRequest;
import dev.ironmq.http.Call;
import dev.ironmq.http.Json;
import dev.ironmq.http.JsonBody;
import dev.ironmq.http.MessageParser;
import dev.ironmq.http.QueueSettingsParser;
import dev.ironmq.http.Router;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Optional;

/**
 * API v3, one method per documented endpoint: each reads its request, makes one engine call and
 * renders the answer. Paths are relative to {@code /3/projects/{project}}.
 */
public final class V3Endpoints {
  private static final String QUEUES = "/3/projects/{project}/queues";
  private static final String QUEUE = QUEUES + "/{queue}";
  private static final String MESSAGES = QUEUE + "/messages";
  private static final String MESSAGE = MESSAGES + "/{message}";

  private final Engine engine;

  public V3Endpoints(Engine engine) {
    this.engine = engine;
  }

  public void register(Router router) {
    router
        .add(HttpMethod.GET, QUEUES, PROJECT, false, this::listQueues)
        .add(HttpMethod.PUT, QUEUE, PROJECT, this::createQueue)
        .add(HttpMethod.POST, QUEUE, PROJECT, this::createQueue)
        .add(HttpMethod.GET, QUEUE, PROJECT, false, this::getQueue)
        .add(HttpMethod.GET, QUEUE + "/info", PROJECT, false, this::getQueueSettings)
        .add(HttpMethod.PATCH, QUEUE, PROJECT, this::updateQueue)
        .add(HttpMethod.DELETE, QUEUE, PROJECT, this::deleteQueue)
        .add(HttpMethod.POST, MESSAGES, PROJECT, this::postMessages)
        .add(HttpMethod.GET, MESSAGES, PROJECT, false, this::peekMessages)
        .add(HttpMethod.DELETE, MESSAGES, PROJECT, this::deleteMessagesOrClear)
        .add(HttpMethod.POST, QUEUE + "/reservations", PROJECT, this::reserveMessages)
        .add(HttpMethod.GET, MESSAGE, PROJECT, false, this::getMessage)
        .add(HttpMethod.DELETE, MESSAGE, PROJECT, this::deleteMessage)
        .add(HttpMethod.POST, MESSAGE + "/touch", PROJECT, this::touchMessage)
        .add(HttpMethod.POST, MESSAGE + "/release", PROJECT, this::releaseMessage);
  }

  /** GET queues: names only, in byte order, paged by {@code previous}. */
  void listQueues(Call call) {
    List<String> names =
        engine.listQueues(
            call.projectId(),
            call.query("previous").filter(p -> !p.isEmpty()),
            call.query("prefix").orElse(""),
            call.queryInt("per_page", 0));
    call.respond(200, V3Render.queueNames(names));
  }

  /** PUT (and POST) queue: create, or update when it exists. */
  void createQueue(Call call) {
    call.respond(
        engine.putQueue(call.queue(), settings(call.json())),
        200,
        info -> V3Render.queue(info, false));
  }

  void getQueue(Call call) {
    call.respond(engine.queueInfo(call.queue()), 200, info -> V3Render.queue(info, true));
  }

  /** GET queue/info: the settings without the counters (used by migration tools). */
  void getQueueSettings(Call call) {
    call.respond(engine.queueInfo(call.queue()), 200, info -> V3Render.queue(info, false));
  }

  void updateQueue(Call call) {
    call.respond(
        engine.updateQueue(call.queue(), settings(call.json())),
        200,
        info -> V3Render.queue(info, true));
  }

  void deleteQueue(Call call) {
    call.respond(engine.deleteQueue(call.queue()), 200, done -> Json.message("Deleted"));
  }

  void postMessages(Call call) {
    call.respond(
        engine.post(call.queue(), MessageParser.messages(call.json(), false)),
        201,
        V3Render::postedIds);
  }

  void reserveMessages(Call call) {
    JsonBody body = call.json();
    ReserveRequest request =
        new ReserveRequest(
            nonZero(body.integer("n", 0), 1),
            body.integer("timeout", 0),
            body.integer("wait", 0),
            body.bool("delete", false));
    PendingReserve pending = engine.reserve(call.queue(), request);
    call.request().response().closeHandler(closed -> pending.cancel());
    call.respond(pending.result(), 200, V3Render::reserved);
  }

  void peekMessages(Call call) {
    call.respond(
        engine.peek(call.queue(), nonZero(call.queryInt("n", 1), 1)), 200, V3Render::peeked);
  }

  void getMessage(Call call) {
    call.respond(engine.message(call.queue(), call.messageId()), 200, V3Render::message);
  }

  void deleteMessage(Call call) {
    call.respond(
        engine.deleteMessage(
            call.queue(),
            call.messageId(),
            reservationId(call.json()),
            ReservationCheck.CURRENT_RESERVATION),
        200,
        done -> Json.message("Deleted"));
  }

  /** DELETE messages: a batch delete when the body has {@code ids}, else a clear. */
  void deleteMessagesOrClear(Call call) {
    JsonBody body = call.json();
    if (!body.has("ids")) {
      call.respond(engine.clearMessages(call.queue()), 200, done -> Json.message("Cleared"));
      return;
    }
    List<DeleteTarget> targets = MessageParser.deleteTargets(body);
    call.respond(
        engine.deleteMessages(call.queue(), targets, ReservationCheck.CURRENT_RESERVATION),
        200,
        done -> Json.message("Deleted"));
  }

  void touchMessage(Call call) {
    JsonBody body = call.json();
    call.respond(
        engine.touch(
            call.queue(),
            call.messageId(),
            Optional.of(body.requiredString("reservation_id")),
            body.integer("timeout", 0),
            ReservationCheck.CURRENT_RESERVATION),
        200,
        V3Render::touched);
  }

  void releaseMessage(Call call) {
    JsonBody body = call.json();
    call.respond(
        engine.release(
            call.queue(),
            call.messageId(),
            Optional.of(body.requiredString("reservation_id")),
            body.integer("delay", 0),
            ReservationCheck.CURRENT_RESERVATION),
        200,
        done -> Json.message("Released"));
  }

  private static QueueChange settings(JsonBody body) {
    return QueueSettingsParser.parse(body.object("queue").orElse(body), "type");
  }

  private static Optional<String> reservationId(JsonBody body) {
    return body.string("reservation_id").flatMap(MessageParser::reservationId);
  }

  private static int nonZero(int value, int whenZero) {
    return value == 0 ? whenZero : value;
  }
}
