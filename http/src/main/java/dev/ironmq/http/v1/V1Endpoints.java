package dev.ironmq.http.v1;

import static dev.ironmq.http.Router.Access.PROJECT;

import dev.ironmq.backend.AlertChange;
import dev.ironmq.backend.Limits;
import dev.ironmq.backend.PendingReserve;
import dev.ironmq.backend.QueueBackend;
import dev.ironmq.backend.QueueRef;
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

/**
 * API v1 (also used by IronMQ v2), as the 2013 clients speak it: reading messages reserves them,
 * there are no reservation ids, bodies are not wrapped, every success is 200, and a queue that does
 * not exist reads as an empty one. Paths are relative to {@code /1/projects/{project}}.
 */
public final class V1Endpoints {
  private static final String QUEUES = "/1/projects/{project}/queues";
  private static final String QUEUE = QUEUES + "/{queue}";
  private static final String MESSAGES = QUEUE + "/messages";
  private static final String MESSAGE = MESSAGES + "/{message}";

  private final QueueBackend backend;

  public V1Endpoints(QueueBackend backend) {
    this.backend = backend;
  }

  /** Each route names its section of docs/api-reference.md (§7.2 has the shapes). */
  public void register(Router router) {
    router
        .add(HttpMethod.GET, QUEUES, PROJECT, false, this::listQueues) // §7.1
        .add(HttpMethod.GET, QUEUE, PROJECT, false, this::getQueue) // §7.1
        .add(HttpMethod.POST, QUEUE, PROJECT, this::updateQueue) // §7.1
        .add(HttpMethod.DELETE, QUEUE, PROJECT, this::deleteQueue) // §7.1
        .add(HttpMethod.POST, QUEUE + "/clear", PROJECT, this::clearQueue) // §7.1
        .add(HttpMethod.POST, MESSAGES, PROJECT, this::postMessages) // §7.1
        .add(HttpMethod.GET, MESSAGES, PROJECT, false, this::getMessages) // §7.1
        .add(HttpMethod.GET, MESSAGES + "/peek", PROJECT, false, this::peekMessages) // §7.1
        .add(HttpMethod.DELETE, MESSAGES, PROJECT, this::deleteMessages) // §7.1
        .add(HttpMethod.GET, MESSAGE, PROJECT, false, this::getMessage) // §7.1
        .add(HttpMethod.DELETE, MESSAGE, PROJECT, this::deleteMessage) // §7.1
        .add(HttpMethod.POST, MESSAGE + "/touch", PROJECT, this::touchMessage) // §7.1
        .add(HttpMethod.POST, MESSAGE + "/release", PROJECT, this::releaseMessage) // §7.1
        .add(HttpMethod.POST, MESSAGES + "/webhook", PROJECT, this::postWebhook) // §7.1
        .add(HttpMethod.POST, QUEUE + "/subscribers", PROJECT, this::addSubscribers) // §7.1
        .add(HttpMethod.DELETE, QUEUE + "/subscribers", PROJECT, this::removeSubscribers) // §7.1
        .add(
            HttpMethod.GET, MESSAGE + "/subscribers", PROJECT, false, this::getPushStatuses) // §5.8
        .add(
            HttpMethod.DELETE,
            MESSAGE + "/subscribers/{subscriber}",
            PROJECT,
            this::acknowledge) // §5.6
        .add(HttpMethod.POST, QUEUE + "/alerts", PROJECT, this::addAlerts) // §6.3
        .add(HttpMethod.PUT, QUEUE + "/alerts", PROJECT, this::replaceAlerts) // §6.3
        .add(HttpMethod.DELETE, QUEUE + "/alerts", PROJECT, this::removeAlerts) // §6.3
        .add(HttpMethod.DELETE, QUEUE + "/alerts/{alert}", PROJECT, this::removeAlert); // §6.3
  }

  /** GET queues: a bare array, paged by {@code page} (from 0) and {@code per_page}. */
  void listQueues(Call call) {
    int perPage = call.queryInt("per_page", Limits.DEFAULT_PER_PAGE);
    int page = call.queryInt("page", 0);
    if (perPage < 1 || perPage > Limits.MAX_PER_PAGE || page < 0 || page > 100) {
      throw ProblemException.invalid(
          "per_page must be between 1 and " + Limits.MAX_PER_PAGE + ", page between 0 and 100");
    }
    call.respond(
        page(call.projectId(), Optional.empty(), perPage, page),
        200,
        names -> V1Render.queues(call.projectId(), names));
  }

  /** The page-th page of names (from 0), reached by reading the pages before it. */
  private CompletableFuture<List<String>> page(
      String projectId, Optional<String> previous, int perPage, int page) {
    return backend
        .listQueues(projectId, previous, "", perPage)
        .thenCompose(
            names -> {
              if (page == 0 || names.isEmpty()) {
                return CompletableFuture.completedFuture(page == 0 ? names : List.of());
              }
              return page(projectId, Optional.of(names.get(names.size() - 1)), perPage, page - 1);
            });
  }

  void getQueue(Call call) {
    QueueRef ref = call.queue();
    call.respond(
        orEmpty(backend.queueInfo(ref).thenApply(V1Render::queue), () -> V1Render.emptyQueue(ref)),
        200,
        rendered -> rendered);
  }

  /** POST queue: update settings, creating the queue when it does not exist. */
  void updateQueue(Call call) {
    call.respond(
        backend.putQueue(call.queue(), QueueSettingsParser.v1(call.json())), 200, V1Render::queue);
  }

  void deleteQueue(Call call) {
    call.respond(backend.deleteQueue(call.queue()), 200, done -> Json.message("Deleted."));
  }

  void clearQueue(Call call) {
    call.respond(
        orEmpty(backend.clearMessages(call.queue()), () -> null),
        200,
        done -> Json.message("Cleared"));
  }

  void postMessages(Call call) {
    call.respond(
        backend.post(call.queue(), MessageParser.messages(call.json(), true)),
        200,
        V1Render::postedIds);
  }

  /** GET messages: reserves them, as v1 has no separate reserve. */
  void getMessages(Call call) {
    ReserveRequest request =
        new ReserveRequest(
            nonZero(call.queryInt("n", 1)),
            call.queryInt("timeout", 0),
            call.queryInt("wait", 0),
            call.queryBool("delete", false));
    PendingReserve pending = backend.reserve(call.queue(), request);
    call.request().response().closeHandler(closed -> pending.cancel());
    call.respond(orEmpty(pending.result(), List::of), 200, V1Render::reserved);
  }

  void peekMessages(Call call) {
    call.respond(
        orEmpty(backend.peek(call.queue(), nonZero(call.queryInt("n", 1))), List::of),
        200,
        V1Render::peeked);
  }

  void getMessage(Call call) {
    call.respond(backend.message(call.queue(), call.messageId()), 200, V1Render::message);
  }

  void deleteMessage(Call call) {
    call.respond(
        backend.deleteMessage(
            call.queue(), call.messageId(), Optional.empty(), ReservationCheck.NONE),
        200,
        done -> Json.message("Deleted"));
  }

  void deleteMessages(Call call) {
    call.respond(
        backend.deleteMessages(
            call.queue(), MessageParser.deleteTargets(call.json()), ReservationCheck.NONE),
        200,
        done -> Json.message("Deleted"));
  }

  /** POST touch: extends the reservation by the message's own timeout (or the one given). */
  void touchMessage(Call call) {
    JsonBody body = call.json();
    call.respond(
        backend.touch(
            call.queue(),
            call.messageId(),
            Optional.empty(),
            body.integer("timeout", 0),
            ReservationCheck.NONE),
        200,
        touched -> Json.message("Touched"));
  }

  void releaseMessage(Call call) {
    JsonBody body = call.json();
    call.respond(
        backend.release(
            call.queue(),
            call.messageId(),
            Optional.empty(),
            body.integer("delay", 0),
            ReservationCheck.NONE),
        200,
        done -> Json.message("Released"));
  }

  void postWebhook(Call call) {
    call.respond(
        backend.post(call.queue(), List.of(Webhooks.message(call))), 200, V1Render::postedIds);
  }

  /** POST subscribers: adds subscribers, identified by URL; answers with the queue. */
  void addSubscribers(Call call) {
    call.respond(
        backend.changeSubscribers(
            call.queue(), new SubscriberChange.Add(PushParser.someSubscribers(call.json(), false))),
        200,
        V1Render::queue);
  }

  void removeSubscribers(Call call) {
    call.respond(
        backend.changeSubscribers(
            call.queue(), new SubscriberChange.Remove(PushParser.subscriberKeys(call.json()))),
        200,
        V1Render::queue);
  }

  void getPushStatuses(Call call) {
    call.respond(
        backend.pushStatuses(call.queue(), call.messageId()), 200, SettingsJson::pushStatuses);
  }

  /** DELETE message/subscribers/{subscriber}: acknowledges a 202; v1 has no reservation ids. */
  void acknowledge(Call call) {
    call.respond(
        backend.acknowledge(
            call.queue(),
            call.messageId(),
            call.param("subscriber"),
            Optional.empty(),
            ReservationCheck.NONE),
        200,
        done -> Json.message("Deleted"));
  }

  void addAlerts(Call call) {
    changeAlerts(call, new AlertChange.Append(AlertParser.alerts(call.json())), "added");
  }

  void replaceAlerts(Call call) {
    changeAlerts(call, new AlertChange.Replace(AlertParser.alerts(call.json())), "replaced");
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

  /** v1 "virtual queues": a read of a queue that does not exist sees an empty one. */
  private static <T> CompletableFuture<T> orEmpty(
      CompletableFuture<T> read, java.util.function.Supplier<T> empty) {
    return read.exceptionallyCompose(
        failure -> {
          Throwable cause =
              failure instanceof java.util.concurrent.CompletionException
                  ? failure.getCause()
                  : failure;
          if (cause instanceof ProblemException p && p.problem() instanceof Problem.QueueNotFound) {
            return CompletableFuture.completedFuture(empty.get());
          }
          return CompletableFuture.failedFuture(cause);
        });
  }

  private static int nonZero(int value) {
    return value == 0 ? 1 : value;
  }
}
