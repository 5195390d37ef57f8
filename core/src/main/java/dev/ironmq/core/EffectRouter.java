package dev.ironmq.core;

import dev.ironmq.backend.IronMqUrl;
import dev.ironmq.backend.NewMessage;
import dev.ironmq.backend.PushAttempt;
import dev.ironmq.backend.PushOutcome;
import dev.ironmq.backend.PushTransport;
import dev.ironmq.backend.QueueRef;
import dev.ironmq.backend.problem.ProblemException;
import dev.ironmq.core.auth.Projects;
import java.util.List;

/**
 * Carries out the effects of durable tasks, each on the shard that owns its target: messages the
 * server posts itself, moves to dead-letter queues, push attempts (copies into queues of this
 * server, or requests through the transport), and the outcomes of attempts, back on their source
 * queue. Holds no state of its own; any thread may call it.
 */
final class EffectRouter {
  private final QueueDirectory queues;
  private final Projects projects;
  private final PushTransport transport;

  EffectRouter(QueueDirectory queues, Projects projects, PushTransport transport) {
    this.queues = queues;
    this.projects = projects;
    this.transport = transport;
  }

  void route(List<Effect> effects) {
    for (Effect effect : effects) {
      if (effect instanceof Effect.PostInternally post) {
        postInternally(post);
      } else if (effect instanceof Effect.MoveToDeadLetter move) {
        moveToDeadLetter(move);
      } else {
        startPush((Effect.StartPush) effect);
      }
    }
  }

  private void postInternally(Effect.PostInternally post) {
    Shard shard = queues.shardFor(post.target());
    shard.run(
        task -> {
          QueueState queue = queues.ensure(shard, post.target(), task);
          queue.post(List.of(NewMessage.of(post.body())), task);
          post.alongside().ifPresent(task.batch::deliveryPut);
        });
  }

  private void moveToDeadLetter(Effect.MoveToDeadLetter move) {
    Shard shard = queues.shardFor(move.target());
    shard.run(
        task -> {
          QueueState queue = queues.ensure(shard, move.target(), task);
          task.batch.messageDelete(move.sourceQueueId(), move.message().messageId());
          queue.adopt(move.message(), move.reservedCount(), task);
        });
  }

  private void startPush(Effect.StartPush push) {
    PushAttempt attempt = push.attempt();
    String url = attempt.subscriber().url();
    try {
      if (IronMqUrl.isIronMq(url)) {
        IronMqUrl target = IronMqUrl.parse(url);
        if (target.isLocal()) {
          copyIntoQueue(push, target);
          return;
        }
      }
      transport.deliver(attempt, outcome -> answer(attempt, push.deliveryKey(), outcome, false));
    } catch (RuntimeException e) {
      answer(
          attempt,
          push.deliveryKey(),
          new PushOutcome.Failed(0, String.valueOf(e.getMessage())),
          false);
    }
  }

  /**
   * Copies a push message into a queue of this server. The copy and the delivery's success are
   * written in one batch, on the target queue's shard, so a crash cannot deliver it twice.
   */
  private void copyIntoQueue(Effect.StartPush push, IronMqUrl url) {
    PushAttempt attempt = push.attempt();
    QueueRef target = url.target(attempt.queue().projectId());
    Shard shard = queues.shardFor(target);
    shard.run(
        task -> {
          try {
            if (url.token().isPresent()) {
              projects.checkAccess(url.token().get(), target.projectId());
            }
            QueueState queue = queues.ensure(shard, target, task);
            queue.post(
                List.of(new NewMessage(attempt.body(), 0, 0, 0, attempt.pushHeaders())), task);
            task.batch.deliveryPut(push.deliveredRecord());
            task.afterCommit(
                failure ->
                    answer(
                        attempt,
                        push.deliveryKey(),
                        failure == null
                            ? new PushOutcome.Delivered(201)
                            : new PushOutcome.Failed(0, "the copy could not be stored"),
                        failure == null));
          } catch (ProblemException problem) {
            answer(
                attempt,
                push.deliveryKey(),
                new PushOutcome.Failed(0, problem.getMessage()),
                false);
          }
        });
  }

  /** Hands an attempt's outcome back to the queue that made it, as a task of its shard. */
  private void answer(PushAttempt attempt, String key, PushOutcome outcome, boolean recorded) {
    Shard source = queues.shardFor(attempt.queue());
    source.run(
        task -> {
          QueueState queue = source.queues.get(attempt.queue());
          if (queue != null) {
            queue.pushOutcome(
                attempt.messageId(), key, attempt.reservationId(), outcome, recorded, task);
          }
        });
  }
}
