package dev.ironmq.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Posts messages in batches: {@link #post} from any number of threads puts a message in a bounded
 * buffer, and one sender thread posts what the buffer holds as one request once it has {@link
 * Options#maxBatch()} messages or the first of them has waited {@link Options#linger()}. Each
 * caller's future completes with its message's id, or fails with the request's error.
 *
 * <p>Back-pressure: at most {@link Options#maxInFlight()} requests are outstanding; when they are
 * and the buffer is full, {@code post} blocks until there is room. {@link #flush()} waits until
 * everything posted so far is acknowledged; {@link #close()} flushes and stops.
 *
 * <pre>{@code
 * try (BatchingProducer producer = mq.queue("requests").producer(BatchingProducer.Options.defaults())) {
 *   producer.post(json).whenComplete((id, failure) -> ...);   // returns at once
 * }
 * }</pre>
 */
public final class BatchingProducer implements AutoCloseable {
  /**
   * How a producer batches.
   *
   * @param maxBatch messages per request, 1 to 100
   * @param linger how long the first message of a batch may wait for others
   * @param bufferSize messages held before {@code post} blocks
   * @param maxInFlight requests outstanding at once
   */
  public record Options(int maxBatch, Duration linger, int bufferSize, int maxInFlight) {
    public Options {
      if (maxBatch < 1 || maxBatch > 100) {
        throw new IllegalArgumentException("maxBatch must be 1 to 100, not " + maxBatch);
      }
      if (bufferSize < maxBatch || maxInFlight < 1 || linger.isNegative()) {
        throw new IllegalArgumentException("bufferSize >= maxBatch, maxInFlight >= 1, linger >= 0");
      }
    }

    /** 100 per request, 5 ms of linger, 10,000 buffered, 4 requests in flight. */
    public static Options defaults() {
      return new Options(100, Duration.ofMillis(5), 10_000, 4);
    }

    public Options withLinger(Duration linger) {
      return new Options(maxBatch, linger, bufferSize, maxInFlight);
    }

    public Options withBufferSize(int bufferSize) {
      return new Options(maxBatch, linger, bufferSize, maxInFlight);
    }
  }

  private record Pending(NewMessage message, CompletableFuture<String> id) {}

  private final Queue queue;
  private final Options options;
  private final BlockingQueue<Pending> buffer;
  private final Semaphore inFlight;
  private final Thread sender;
  private final Object progress = new Object();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong settled = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private volatile boolean closed;

  BatchingProducer(Queue queue, Options options) {
    this.queue = queue;
    this.options = options;
    this.buffer = new ArrayBlockingQueue<>(options.bufferSize());
    this.inFlight = new Semaphore(options.maxInFlight());
    this.sender = new Thread(this::send, "ironmq-producer-" + queue.name());
    sender.setDaemon(true);
    sender.start();
  }

  /** Posts a message; blocks only while the buffer is full. */
  public CompletableFuture<String> post(String body) {
    return post(NewMessage.of(body));
  }

  public CompletableFuture<String> post(NewMessage message) {
    Pending pending = accept(message);
    try {
      buffer.put(pending);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      pending.id().completeExceptionally(e);
      settled(1);
    }
    return pending.id();
  }

  /**
   * Posts a message without ever blocking, for callers that must not wait (an event loop): when the
   * buffer is full the future fails at once with {@link BufferFullException}.
   */
  public CompletableFuture<String> offer(String body) {
    return offer(NewMessage.of(body));
  }

  public CompletableFuture<String> offer(NewMessage message) {
    Pending pending = accept(message);
    if (!buffer.offer(pending)) {
      pending
          .id()
          .completeExceptionally(new BufferFullException(queue.name(), options.bufferSize()));
      settled(1);
    }
    return pending.id();
  }

  /**
   * Counts a message in before it can be settled, so that {@link #flush()} waits for it. Whoever
   * completes its future then counts it settled: a batch's answer once for all its messages.
   */
  private Pending accept(NewMessage message) {
    if (closed) {
      throw new IllegalStateException("the producer for " + queue.name() + " is closed");
    }
    accepted.incrementAndGet();
    return new Pending(message, new CompletableFuture<>());
  }

  /** {@link #offer} found the buffer full: the server is not keeping up. */
  public static final class BufferFullException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    BufferFullException(String queue, int size) {
      super("the producer's buffer for " + queue + " is full (" + size + " messages)");
    }
  }

  /**
   * Sends what is buffered without waiting out the linger, then waits until every message posted
   * before this call is acknowledged or has failed.
   */
  public void flush() {
    long target = accepted.get();
    sender.interrupt(); // cuts a linger short; the sender's loop shrugs it off anywhere else
    synchronized (progress) {
      while (settled.get() < target) {
        try {
          progress.wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Requests sent so far. */
  public long batchesSent() {
    return batches.get();
  }

  /** Sends what is buffered, waits for it, and stops; later posts are refused. */
  @Override
  public void close() {
    closed = true;
    flush();
    try {
      sender.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void settled(int messages) {
    settled.addAndGet(messages);
    synchronized (progress) {
      progress.notifyAll();
    }
  }

  /**
   * Takes a request slot first, then a batch: while every slot is taken, messages stay in the
   * buffer (where they make the next batch bigger, and a full buffer makes callers wait).
   */
  private void send() {
    while (!(closed && buffer.isEmpty())) {
      List<Pending> batch;
      try {
        inFlight.acquire();
      } catch (InterruptedException e) {
        continue;
      }
      try {
        batch = nextBatch();
      } catch (InterruptedException e) {
        batch = new ArrayList<>();
        buffer.drainTo(batch, options.maxBatch());
      }
      if (batch.isEmpty()) {
        inFlight.release();
        continue;
      }
      batches.incrementAndGet();
      List<Pending> sent = batch;
      queue
          .postAsync(sent.stream().map(Pending::message).toList())
          .whenComplete(
              (ids, failure) -> {
                inFlight.release();
                for (int i = 0; i < sent.size(); i++) {
                  if (failure != null) {
                    sent.get(i).id().completeExceptionally(unwrap(failure));
                  } else {
                    sent.get(i).id().complete(ids.get(i));
                  }
                }
                settled(sent.size());
              });
    }
  }

  /**
   * The first message waiting (up to 100 ms), then what comes within the linger, up to a batch. The
   * sender sleeps through the linger rather than waking for each message that arrives. Throws only
   * while it holds no message.
   */
  private List<Pending> nextBatch() throws InterruptedException {
    Pending first = buffer.poll(100, TimeUnit.MILLISECONDS);
    if (first == null) {
      return List.of();
    }
    List<Pending> batch = new ArrayList<>(options.maxBatch());
    batch.add(first);
    buffer.drainTo(batch, options.maxBatch() - batch.size());
    if (batch.size() < options.maxBatch() && !closed && !options.linger().isZero()) {
      try {
        TimeUnit.NANOSECONDS.sleep(options.linger().toNanos());
      } catch (InterruptedException flushing) {
        // flush() or close() cuts the linger short: send what is here now
      }
      buffer.drainTo(batch, options.maxBatch() - batch.size());
    }
    return batch;
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }
}
