package dev.ironmq.http.v3;

import static dev.ironmq.http.Router.Access.PROJECT;
import static dev.ironmq.http.Router.Access.PUBLIC;

import dev.ironmq.backend.AlertChange;
import dev.ironmq.backend.AlertSpec;
import dev.ironmq.backend.DeleteTarget;
import dev.ironmq.backend.PendingReserve;
import dev.ironmq.backend.QueueBackend;
import dev.ironmq.backend.QueueChange;
import dev.ironmq.backend.ReservationCheck;
import dev.ironmq.backend.ReserveRequest;
import dev.ironmq.backend.SubscriberChange;
import dev.ironmq.backend.problem.Problem;
import dev.ironmq.backend.problem.ProblemException;
import dev.ironmq.http.AlertParser;
import dev.ironmq.http.Call;
import dev.ironmq.http.Json;
import dev.ironmq.http.JsonBody;
import dev.ironmq.http.MessageParser;
import dev.ironmq.http.PushParser;
import dev.ironmq.http.QueueSettingsParser;
import dev.ironmq.http.Router;
import dev.ironmq.http.SettingsJson;
import dev.ironmq.http.Webhooks;
import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * API v3, one method per documented endpoint: each reads its request, makes one backend call and
 * renders the answer. Paths are relative to {@code /3/projects/{project}}.
 */
public final class V3Endpoints {
  private static final String QUEUES = "/3/projects/{project}/queues";
  private static final String QUEUE = QUEUES + "/{queue}";
  private static final String MESSAGES = QUEUE + "/messages";
  private static final String MESSAGE = MESSAGES + "/{message}";

  private static final ProblemException NOTHING_TO_ACKNOWLEDGE =
      ProblemException.of(new Problem.MessageNotFound("Nothing to acknowledge at this URL"));

  private final QueueBackend backend;

  public V3Endpoints(QueueBackend backend) {
    this.backend = backend;
  }

  /** Each route names its section of docs/api-reference.md. */
  public void register(Router router) {
    router
        .add(HttpMethod.GET, QUEUES, PROJECT, false, this::listQueues) // §2.6
        .add(HttpMethod.PUT, QUEUE, PROJECT, this::createQueue) // §2.2
        .add(HttpMethod.POST, QUEUE, PROJECT, this::createQueue) // §2.2
        .add(HttpMethod.GET, QUEUE, PROJECT, false, this::getQueue) // §2.3
        .add(HttpMethod.GET, QUEUE + "/info", PROJECT, false, this::getQueueSettings) // §2.3
        .add(HttpMethod.PATCH, QUEUE, PROJECT, this::updateQueue) // §2.4
        .add(HttpMethod.DELETE, QUEUE, PROJECT, this::deleteQueue) // §2.5
        .add(HttpMethod.POST, MESSAGES, PROJECT, this::postMessages) // §3.2
        .add(HttpMethod.GET, MESSAGES, PROJECT, false, this::peekMessages) // §3.6
        .add(HttpMethod.DELETE, MESSAGES, PROJECT, this::deleteMessagesOrClear) // §3.8
        .add(HttpMethod.POST, QUEUE + "/reservations", PROJECT, this::reserveMessages) // §3.4
        .add(HttpMethod.GET, MESSAGE, PROJECT, false, this::getMessage) // §3.5
        .add(HttpMethod.DELETE, MESSAGE, PROJECT, this::deleteMessage) // §3.7, §5.6
        .add(HttpMethod.POST, MESSAGE + "/touch", PROJECT, this::touchMessage) // §3.9
        .add(HttpMethod.POST, MESSAGE + "/release", PROJECT, this::releaseMessage) // §3.10
        .add(HttpMethod.POST, QUEUE + "/webhook", PROJECT, this::postWebhook) // §3.3
        .add(HttpMethod.POST, QUEUE + "/subscribers", PROJECT, this::addSubscribers) // §2.7
        .add(HttpMethod.PUT, QUEUE + "/subscribers", PROJECT, this::replaceSubscribers) // §2.7
        .add(HttpMethod.DELETE, QUEUE + "/subscribers", PROJECT, this::removeSubscribers) // §2.7
        .add(
            HttpMethod.GET,
            MESSAGE + "/subscribers",
            PROJECT,
            false,
            this::getPushStatuses) // §3.12, §5.8
        .add(
            HttpMethod.DELETE,
            MESSAGE + "/subscribers/{subscriber}",
            PUBLIC,
            this::acknowledge) // §5.6
        .add(HttpMethod.PUT, QUEUE + "/alerts", PROJECT, this::replaceAlerts) // §6.3
        .add(HttpMethod.POST, QUEUE + "/alerts", PROJECT, this::addAlerts) // §6.3
        .add(HttpMethod.DELETE, QUEUE + "/alerts", PROJECT, this::removeAlerts) // §6.3
        .add(HttpMethod.DELETE, QUEUE + "/alerts/{alert}", PROJECT, this::removeAlert); // §6.3
  }

  /** GET queues: names only, in byte order, paged by {@code previous}. */
  void listQueues(Call call) {
    int perPage = call.queryInt("per_page", 0);
    if (perPage < 0) {
      throw ProblemException.invalid("per_page must not be negative");
    }
    call.respond(
        backend.listQueues(
            call.projectId(),
            call.query("previous").filter(p -> !p.isEmpty()),
            call.query("prefix").orElse(""),
            perPage),
        200,
        V3Render::queueNames);
  }

  /** PUT (and POST) queue: create, or update when it exists; alerts given replace the old. */
  void createQueue(Call call) {
    call.respond(
        backend.putQueue(call.queue(), settings(call.json(), AlertChange.Replace::new)),
        200,
        info -> V3Render.queue(info, false));
  }

  void getQueue(Call call) {
    call.respond(backend.queueInfo(call.queue()), 200, info -> V3Render.queue(info, true));
  }

  /** GET queue/info: the settings without the counters (used by migration tools). */
  void getQueueSettings(Call call) {
    call.respond(backend.queueInfo(call.queue()), 200, info -> V3Render.queue(info, false));
  }

  /** PATCH queue: alerts given are added to the existing ones. */
  void updateQueue(Call call) {
    call.respond(
        backend.updateQueue(call.queue(), settings(call.json(), AlertChange.Append::new)),
        200,
        info -> V3Render.queue(info, true));
  }

  void deleteQueue(Call call) {
    call.respond(backend.deleteQueue(call.queue()), 200, done -> Json.message("Deleted"));
  }

  void postMessages(Call call) {
    call.respond(
        backend.post(call.queue(), MessageParser.messages(call.json(), false)),
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
    PendingReserve pending = backend.reserve(call.queue(), request);
    call.request().response().closeHandler(closed -> pending.cancel());
    call.respond(pending.result(), 200, V3Render::reserved);
  }

  void peekMessages(Call call) {
    call.respond(
        backend.peek(call.queue(), nonZero(call.queryInt("n", 1), 1)), 200, V3Render::peeked);
  }

  void getMessage(Call call) {
    call.respond(backend.message(call.queue(), call.messageId()), 200, V3Render::message);
  }

  /**
   * DELETE message: deletes it, or, with {@code subscriber_name}, acknowledges that subscriber's
   * 202 for it.
   */
  void deleteMessage(Call call) {
    JsonBody body = call.json();
    Optional<String> subscriber = body.string("subscriber_name").filter(s -> !s.isEmpty());
    call.respond(
        subscriber.isPresent()
            ? backend.acknowledge(
                call.queue(),
                call.messageId(),
                subscriber.get(),
                reservationId(body),
                ReservationCheck.CURRENT_RESERVATION)
            : backend.deleteMessage(
                call.queue(),
                call.messageId(),
                reservationId(body),
                ReservationCheck.CURRENT_RESERVATION),
        200,
        done -> Json.message("Deleted"));
  }

  /** DELETE messages: a batch delete when the body has {@code ids}, else a clear. */
  void deleteMessagesOrClear(Call call) {
    JsonBody body = call.json();
    if (!body.has("ids")) {
      call.respond(backend.clearMessages(call.queue()), 200, done -> Json.message("Cleared"));
      return;
    }
    List<DeleteTarget> targets = MessageParser.deleteTargets(body);
    call.respond(
        backend.deleteMessages(call.queue(), targets, ReservationCheck.CURRENT_RESERVATION),
        200,
        done -> Json.message("Deleted"));
  }

  void touchMessage(Call call) {
    JsonBody body = call.json();
    call.respond(
        backend.touch(
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
        backend.release(
            call.queue(),
            call.messageId(),
            Optional.of(body.requiredString("reservation_id")),
            body.integer("delay", 0),
            ReservationCheck.CURRENT_RESERVATION),
        200,
        done -> Json.message("Released"));
  }

  /** POST webhook: the raw body, whatever its type, becomes one message. */
  void postWebhook(Call call) {
    call.respond(
        backend.post(call.queue(), List.of(Webhooks.message(call))), 201, V3Render::postedIds);
  }

  void addSubscribers(Call call) {
    changeSubscribers(
        call, new SubscriberChange.Add(PushParser.someSubscribers(call.json(), true)));
  }

  void replaceSubscribers(Call call) {
    changeSubscribers(
        call, new SubscriberChange.Replace(PushParser.someSubscribers(call.json(), true)));
  }

  void removeSubscribers(Call call) {
    changeSubscribers(call, new SubscriberChange.Remove(PushParser.subscriberKeys(call.json())));
  }

  private void changeSubscribers(Call call, SubscriberChange change) {
    call.respond(
        backend.changeSubscribers(call.queue(), change), 200, info -> Json.message("Updated"));
  }

  void getPushStatuses(Call call) {
    call.respond(
        backend.pushStatuses(call.queue(), call.messageId()), 200, SettingsJson::pushStatuses);
  }

  /**
   * DELETE message/subscribers/{subscriber}: the acknowledgement URL given to subscribers. It needs
   * no token: the reservation id it carries, random and issued for this one delivery attempt, is
   * the capability. Every refusal is the same answer, so that the URL tells a caller without the
   * capability nothing about which queues, messages or subscribers exist.
   */
  void acknowledge(Call call) {
    CompletableFuture<Void> acknowledged;
    try {
      Optional<String> reservation =
          call.query("reservation_id")
              .filter(r -> !r.isEmpty())
              .or(() -> reservationId(call.json()));
      acknowledged =
          reservation.isEmpty()
              ? CompletableFuture.failedFuture(NOTHING_TO_ACKNOWLEDGE)
              : backend.acknowledge(
                  call.queue(),
                  call.messageId(),
                  call.param("subscriber"),
                  reservation,
                  ReservationCheck.CURRENT_RESERVATION);
    } catch (ProblemException refused) {
      acknowledged = CompletableFuture.failedFuture(refused);
    }
    call.respond(
        acknowledged.exceptionallyCompose(V3Endpoints::asNothingToAcknowledge),
        200,
        done -> Json.message("Deleted"));
  }

  private static CompletableFuture<Void> asNothingToAcknowledge(Throwable failure) {
    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
    boolean refusal =
        cause instanceof ProblemException problem
            && !(problem.problem() instanceof Problem.StorageUnavailable);
    return CompletableFuture.failedFuture(refusal ? NOTHING_TO_ACKNOWLEDGE : failure);
  }

  void replaceAlerts(Call call) {
    changeAlerts(call, new AlertChange.Replace(AlertParser.alerts(call.json())), "replaced");
  }

  void addAlerts(Call call) {
    changeAlerts(call, new AlertChange.Append(AlertParser.alerts(call.json())), "added");
  }

  void removeAlerts(Call call) {
    changeAlerts(call, new AlertChange.Remove(AlertParser.ids(call.json())), "deleted");
  }

  void removeAlert(Call call) {
    changeAlerts(call, new AlertChange.Remove(List.of(call.param("alert"))), "deleted");
  }

  private void changeAlerts(Call call, AlertChange change, String done) {
    call.respond(
        backend.changeAlerts(call.queue(), change),
        200,
        info -> Json.message("Alerts were " + done + "."));
  }

  private static QueueChange settings(
      JsonBody body, java.util.function.Function<List<AlertSpec>, AlertChange> alerts) {
    return QueueSettingsParser.v3(body.object("queue").orElse(body), alerts);
  }

  private static Optional<String> reservationId(JsonBody body) {
    return body.string("reservation_id").flatMap(MessageParser::reservationId);
  }

  private static int nonZero(int value, int whenZero) {
    return value == 0 ? whenZero : value;
  }
}
