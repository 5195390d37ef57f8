package dev.ironmq.http.extensions;

import static dev.ironmq.http.Router.Access.PROJECT;

import dev.ironmq.backend.PauseChange;
import dev.ironmq.backend.QueueBackend;
import dev.ironmq.backend.QueueInfo;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.problem.ProblemException;
import dev.ironmq.http.Call;
import dev.ironmq.http.JsonBody;
import dev.ironmq.http.Router;
import dev.ironmq.http.v3.V3Render;
import io.vertx.core.http.HttpMethod;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /3/projects/{project}/queues/{queue}/pause} and {@code .../resume}: reserving from
 * the queue, its push deliveries, or both (docs/extensions.md, "Pausing a queue").
 */
public final class PauseEndpoints {
  private static final String QUEUE = "/3/projects/{project}/queues/{queue}";

  private final QueueBackend backend;

  public PauseEndpoints(QueueBackend backend) {
    this.backend = backend;
  }

  public void register(Router router) {
    router
        .add(HttpMethod.POST, QUEUE + "/pause", PROJECT, call -> change(call, true))
        .add(HttpMethod.POST, QUEUE + "/resume", PROJECT, call -> change(call, false));
  }

  /**
   * {@code {"reserve": true}}, {@code {"push": true}} or both name what is paused or resumed;
   * naming neither means everything the queue does: reserving, and pushing for a push queue.
   */
  private void change(Call call, boolean paused) {
    JsonBody body = call.json();
    boolean reserve = body.bool("reserve", false);
    boolean push = body.bool("push", false);
    if (!reserve && !push && (body.has("reserve") || body.has("push"))) {
      throw ProblemException.invalid(
          "Name what to " + (paused ? "pause" : "resume") + ": reserve, push or both as true");
    }
    QueueRef ref = call.queue();
    CompletableFuture<QueueInfo> changed;
    if (reserve || push) {
      changed = backend.pause(ref, change(reserve, push, paused));
    } else {
      changed =
          backend
              .queueInfo(ref)
              .thenCompose(
                  info -> backend.pause(ref, change(true, info.config().type().isPush(), paused)));
    }
    call.respond(changed, 200, info -> V3Render.queue(info, true));
  }

  private static PauseChange change(boolean reserve, boolean push, boolean paused) {
    return new PauseChange(
        reserve ? Optional.of(paused) : Optional.empty(),
        push ? Optional.of(paused) : Optional.empty());
  }
}
