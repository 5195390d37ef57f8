package dev.ironmq.client;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Takes a queue's messages and runs a handler on each, on a pool of threads:
 *
 * <ul>
 *   <li>one thread long-polls, reserving as many messages as there are idle handler threads (plus a
 *       few ahead, {@link Builder#prefetch(int)});
 *   <li>a message whose handler has not finished by half its reservation has the reservation
 *       touched, so no other worker gets it meanwhile;
 *   <li>a handler that returns gets its message deleted (in batches, every few milliseconds); one
 *       that throws gets it released, to come back after a delay that doubles with each failed
 *       attempt;
 *   <li>{@link #stop(Duration)} stops polling, lets the handlers finish what they hold within a
 *       grace period, and releases whatever is left.
 * </ul>
 *
 * <pre>{@code
 * Worker worker = mq.queue("jobs").worker(message -> resize(message.body())).threads(8).start();
 * ...
 * worker.stop(Duration.ofSeconds(30));
 * }</pre>
 */
public final class Worker implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Worker.class.getName());

  /** How often finished messages are deleted, in one call for all of them. */
  private static final long DELETE_EVERY_MILLIS = 5;

  /** What a worker does with each message. Returning deletes it; throwing releases it. */
  @FunctionalInterface
  public interface Handler {
    void handle(Message message) throws Exception;
  }

  /** A worker's settings; {@link #start()} starts it. */
  public static final class Builder {
    private final Queue queue;
    private final Handler handler;
    private int threads = 1;
    private int prefetch = -1;
    private int reservationSeconds = 60;
    private int waitSeconds = 10;
    private Duration firstRetryDelay = Duration.ofSeconds(1);
    private Duration maxRetryDelay = Duration.ofMinutes(5);
    private LongSupplier nanoClock = System::nanoTime;

    Builder(Queue queue, Handler handler) {
      this.queue = queue;
      this.handler = handler;
    }

    /** Handlers running at once (default 1). */
    public Builder threads(int threads) {
      this.threads = atLeast(1, threads, "threads");
      return this;
    }

    /**
     * Messages reserved ahead of the handlers, waiting for a thread (default: as many as threads).
     * More suits many quick messages; fewer, long ones.
     */
    public Builder prefetch(int messages) {
      this.prefetch = atLeast(0, messages, "prefetch");
      return this;
    }

    /** How long each reservation lasts before it must be touched (default 60 s). */
    public Builder reservationSeconds(int seconds) {
      this.reservationSeconds = atLeast(1, seconds, "reservationSeconds");
      return this;
    }

    /** How long a long poll waits on an empty queue, 0 to 30 (default 10). */
    public Builder waitSeconds(int seconds) {
      if (seconds < 0 || seconds > 30) {
        throw new IllegalArgumentException("waitSeconds must be 0 to 30, not " + seconds);
      }
      this.waitSeconds = seconds;
      return this;
    }

    /** The delay before a failed message comes back, doubled at each further failure. */
    public Builder retryDelay(Duration first, Duration max) {
      this.firstRetryDelay = first;
      this.maxRetryDelay = max;
      return this;
    }

    /** The clock that decides when to touch; for tests. */
    Builder nanoClock(LongSupplier nanoClock) {
      this.nanoClock = nanoClock;
      return this;
    }

    public Worker start() {
      Worker worker = new Worker(this);
      worker.poller.start();
      return worker;
    }

    private static int atLeast(int minimum, int value, String name) {
      if (value < minimum) {
        throw new IllegalArgumentException(
            name + " must be at least " + minimum + ", not " + value);
      }
      return value;
    }
  }

  /** A message the worker holds, with its current reservation; touches and finishing exclude. */
  private static final class Held {
    private Message message;
    private long touchedAt;
    private int touches;
    private boolean finished;

    Held(Message message, long now) {
      this.message = message;
      this.touchedAt = now;
    }

    synchronized Message message() {
      return message;
    }

    /** Marks it done with; returns the message under its latest reservation. */
    synchronized Message finish() {
      finished = true;
      return message;
    }

    /** The attempt this was: reservations of the message, less the touches made here. */
    synchronized int attempt() {
      return Math.max(1, message.reservedCount() - touches);
    }

    /** Touches the reservation if the message is still held and half of it has passed. */
    synchronized void touchIfDue(Queue queue, long now, long halfNanos, int seconds) {
      if (!finished && now - touchedAt >= halfNanos) {
        message = queue.touch(message, seconds);
        touchedAt = now;
        touches++;
      }
    }
  }

  private final Queue queue;
  private final Handler handler;
  private final int reservationSeconds;
  private final int waitSeconds;
  private final Duration firstRetryDelay;
  private final Duration maxRetryDelay;
  private final LongSupplier nanoClock;
  private final ExecutorService handlers;
  private final ScheduledExecutorService chores;
  private final Semaphore room;
  private final Map<String, Held> held = new ConcurrentHashMap<>();
  private final List<Message> handled = new ArrayList<>();
  private final Set<CompletableFuture<Void>> deleting = ConcurrentHashMap.newKeySet();
  private final Thread poller;
  private volatile boolean running = true;

  private Worker(Builder settings) {
    this.queue = settings.queue;
    this.handler = settings.handler;
    this.reservationSeconds = settings.reservationSeconds;
    this.waitSeconds = settings.waitSeconds;
    this.firstRetryDelay = settings.firstRetryDelay;
    this.maxRetryDelay = settings.maxRetryDelay;
    this.nanoClock = settings.nanoClock;
    int prefetch = settings.prefetch < 0 ? settings.threads : settings.prefetch;
    this.room = new Semaphore(settings.threads + prefetch);
    this.handlers =
        Executors.newFixedThreadPool(settings.threads, named("ironmq-worker-" + queue.name()));
    this.chores = Executors.newSingleThreadScheduledExecutor(named("ironmq-worker-chores"));
    long touchEvery = Math.max(100, TimeUnit.SECONDS.toMillis(reservationSeconds) / 8);
    chores.scheduleAtFixedRate(this::touchDue, touchEvery, touchEvery, TimeUnit.MILLISECONDS);
    chores.scheduleAtFixedRate(
        this::deleteHandled, DELETE_EVERY_MILLIS, DELETE_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    this.poller = new Thread(this::poll, "ironmq-poller-" + queue.name());
  }

  /** Messages the worker holds now: running, waiting for a thread, or handled and not deleted. */
  public int holding() {
    synchronized (handled) {
      return held.size() + handled.size();
    }
  }

  /**
   * Stops taking messages, lets the handlers finish what the worker holds for up to {@code grace},
   * deletes what they finished, and releases the rest. Returns within the long-poll wait plus the
   * grace.
   */
  public void stop(Duration grace) {
    running = false;
    poller.interrupt();
    try {
      poller.join(TimeUnit.SECONDS.toMillis(waitSeconds + 5));
      handlers.shutdown();
      if (!handlers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        handlers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    chores.shutdownNow();
    deleteHandled();
    CompletableFuture.allOf(deleting.toArray(CompletableFuture[]::new))
        .completeOnTimeout(null, 10, TimeUnit.SECONDS)
        .join();
    for (Held holding : List.copyOf(held.values())) {
      releaseQuietly(holding.finish(), 0);
    }
    held.clear();
  }

  /** Stops with a 30-second grace. */
  @Override
  public void close() {
    stop(Duration.ofSeconds(30));
  }

  private void poll() {
    while (running) {
      int free;
      try {
        room.acquire();
        free = 1 + room.drainPermits();
      } catch (InterruptedException e) {
        return;
      }
      if (!running) {
        room.release(free);
        return;
      }
      List<Message> reserved;
      try {
        reserved = queue.reserve(Math.min(free, 100), reservationSeconds, waitSeconds);
      } catch (IronMqException e) {
        room.release(free);
        // the message says it all (a refusal or no answer), once a second while it lasts
        LOG.log(
            Level.WARNING,
            "reserving from " + queue.name() + " failed; trying again in 1 s: " + e.getMessage());
        sleep(Duration.ofSeconds(1));
        continue;
      }
      room.release(free - reserved.size());
      if (!running) {
        // stopped during the long poll: what it brought goes back at once
        reserved.forEach(message -> releaseQuietly(message, 0));
        room.release(reserved.size());
        return;
      }
      for (Message message : reserved) {
        Held holding = new Held(message, nanoClock.getAsLong());
        held.put(message.id(), holding);
        handlers.execute(() -> handle(holding));
      }
    }
  }

  private void handle(Held holding) {
    try {
      Exception failure = null;
      try {
        handler.handle(holding.message());
      } catch (Exception e) {
        failure = e;
      }
      Message message = holding.finish();
      if (failure == null) {
        synchronized (handled) {
          handled.add(message);
          held.remove(message.id());
        }
        return;
      }
      if (!running) {
        return; // stopping cut the handler short: stop() puts the message back at once
      }
      held.remove(message.id());
      int attempt = holding.attempt();
      long delay =
          Math.min(
              maxRetryDelay.toSeconds(), firstRetryDelay.toSeconds() << Math.min(attempt - 1, 30));
      LOG.log(
          Level.INFO,
          "message " + message.id() + " failed (attempt " + attempt + "), back in " + delay + " s",
          failure);
      releaseQuietly(message, (int) delay);
    } finally {
      room.release();
    }
  }

  /** Deletes the handled messages in one call; one by one if that call is refused. */
  private void deleteHandled() {
    List<Message> batch;
    synchronized (handled) {
      if (handled.isEmpty()) {
        return;
      }
      batch = List.copyOf(handled.subList(0, Math.min(100, handled.size())));
      handled.subList(0, batch.size()).clear();
    }
    CompletableFuture<Void> deleted =
        queue
            .deleteAsync(batch)
            .exceptionallyCompose(
                refused -> {
                  // One stale reservation refuses the whole batch; delete the others alone.
                  CompletableFuture<?>[] each =
                      batch.stream()
                          .map(
                              m ->
                                  queue
                                      .deleteAsync(m)
                                      .exceptionally(
                                          failure -> {
                                            LOG.log(
                                                Level.WARNING,
                                                "deleting message " + m.id() + " failed",
                                                failure);
                                            return null;
                                          }))
                          .toArray(CompletableFuture[]::new);
                  return CompletableFuture.allOf(each);
                });
    deleting.add(deleted);
    deleted.whenComplete((done, failure) -> deleting.remove(deleted));
    if (batch.size() == 100) {
      deleteHandled();
    }
  }

  /** Touches every reservation held past half its length. */
  private void touchDue() {
    long now = nanoClock.getAsLong();
    long half = TimeUnit.SECONDS.toNanos(reservationSeconds) / 2;
    for (Held holding : held.values()) {
      try {
        holding.touchIfDue(queue, now, half, reservationSeconds);
      } catch (IronMqException e) {
        LOG.log(Level.WARNING, "touching message " + holding.message().id() + " failed", e);
      }
    }
  }

  private void releaseQuietly(Message message, int delaySeconds) {
    try {
      queue.release(message, delaySeconds);
    } catch (IronMqException e) {
      LOG.log(Level.WARNING, "releasing message " + message.id() + " failed", e);
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory named(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return runnable -> {
      Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
