package dev.ironmq.bench.beanstalkd;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.ironmq.bench.PreparedRequests;
import dev.ironmq.bench.QueueTarget;
import dev.ironmq.bench.beanstalkd.BeanstalkConnection.Answer;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * beanstalkd over its TCP protocol, a queue being a tube. A call takes a connection of its own from
 * a pool, as a worker owns its connection; a reservation keeps the connection until its jobs are
 * deleted, because beanstalkd only lets the connection that reserved a job delete it. beanstalkd
 * has no batch commands: a batch is that many commands written at once (pipelined).
 */
public final class BeanstalkTarget implements QueueTarget {
  /** Priority, delay and time-to-run of every job put. */
  private static final String PUT_OPTIONS = "1024 0 60 ";

  private record Job(BeanstalkConnection connection, String id) {}

  private final NetClient client;
  private final int port;
  private final int maxConnections;
  private final ArrayDeque<BeanstalkConnection> idle = new ArrayDeque<>();
  private final ArrayDeque<Promise<BeanstalkConnection>> waiters = new ArrayDeque<>();
  private final List<BeanstalkConnection> all = new ArrayList<>();
  private int opening;
  private final PreparedRequests<Buffer> puts =
      new PreparedRequests<>((queue, bodies) -> puts(bodies));

  public BeanstalkTarget(Vertx vertx, int port, int connections) {
    this.client =
        vertx.createNetClient(new NetClientOptions().setTcpNoDelay(true).setConnectTimeout(10_000));
    this.port = port;
    this.maxConnections = connections;
  }

  @Override
  public Future<Void> createQueue(String queue) {
    return Future.succeededFuture(); // a tube exists as soon as a job is put in it
  }

  @Override
  public Future<Integer> post(String queue, List<String> bodies) {
    Buffer commands = puts.of(queue, bodies);
    return withConnection(
        connection ->
            use(connection, queue)
                .compose(v -> connection.send(commands, bodies.size()))
                .compose(
                    answers -> {
                      for (Answer answer : answers) {
                        if (!answer.word().equals("INSERTED")) {
                          return Future.failedFuture("put answered " + answer.line());
                        }
                      }
                      return Future.succeededFuture(answers.size());
                    }));
  }

  @Override
  public Future<List<Received>> reserve(String queue, int max, int waitSeconds) {
    return acquire()
        .compose(
            connection ->
                watch(connection, queue)
                    .compose(v -> connection.send("reserve-with-timeout " + waitSeconds))
                    .compose(
                        first -> {
                          List<Received> received = new ArrayList<>();
                          if (first.word().equals("TIMED_OUT")) {
                            return Future.succeededFuture(received);
                          }
                          if (!take(connection, first, received)) {
                            return Future.failedFuture("reserve answered " + first.line());
                          }
                          if (max == 1) {
                            return Future.succeededFuture(received);
                          }
                          Buffer more = Buffer.buffer("reserve-with-timeout 0\r\n".repeat(max - 1));
                          return connection
                              .send(more, max - 1)
                              .map(
                                  answers -> {
                                    answers.forEach(a -> take(connection, a, received));
                                    return received;
                                  });
                        })
                    .andThen(
                        done -> {
                          if (done.failed() || done.result().isEmpty()) {
                            release(connection);
                          }
                        }));
  }

  /** Adds a reserved job to {@code received}; false if the answer was not a job. */
  private static boolean take(BeanstalkConnection connection, Answer answer, List<Received> into) {
    if (!answer.word().equals("RESERVED")) {
      return false;
    }
    into.add(new Received(answer.data().toString(UTF_8), new Job(connection, answer.argument(0))));
    return true;
  }

  @Override
  public Future<Void> delete(String queue, List<Received> messages) {
    if (messages.isEmpty()) {
      return Future.succeededFuture();
    }
    BeanstalkConnection connection = ((Job) messages.get(0).handle()).connection();
    StringBuilder deletes = new StringBuilder();
    for (Received message : messages) {
      Job job = (Job) message.handle();
      if (job.connection() != connection) {
        return Future.failedFuture("jobs reserved on different connections");
      }
      deletes.append("delete ").append(job.id()).append("\r\n");
    }
    return connection
        .send(Buffer.buffer(deletes.toString()), messages.size())
        .<Void>compose(
            answers -> {
              for (Answer answer : answers) {
                if (!answer.word().equals("DELETED")) {
                  return Future.failedFuture("delete answered " + answer.line());
                }
              }
              return Future.succeededFuture();
            })
        .andThen(done -> release(connection));
  }

  @Override
  public Future<Long> size(String queue) {
    return withConnection(
        connection ->
            connection
                .send("stats-tube " + queue)
                .map(
                    answer -> {
                      if (answer.word().equals("NOT_FOUND")) {
                        return 0L;
                      }
                      long size = 0;
                      for (String line : answer.data().toString(UTF_8).split("\n")) {
                        if (line.matches("current-jobs-(ready|reserved|delayed|buried): .*")) {
                          size += Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                        }
                      }
                      return size;
                    }));
  }

  @Override
  public void close() {
    synchronized (this) {
      all.forEach(BeanstalkConnection::close);
    }
    client.close();
  }

  private static Buffer puts(List<String> bodies) {
    Buffer commands = Buffer.buffer();
    for (String body : bodies) {
      byte[] data = body.getBytes(UTF_8);
      commands
          .appendString("put " + PUT_OPTIONS + data.length + "\r\n")
          .appendBytes(data)
          .appendString("\r\n");
    }
    return commands;
  }

  private Future<Void> use(BeanstalkConnection connection, String tube) {
    if (connection.using.equals(tube)) {
      return Future.succeededFuture();
    }
    return connection
        .send("use " + tube)
        .compose(answer -> expect(answer, "USING"))
        .onSuccess(v -> connection.using = tube);
  }

  private Future<Void> watch(BeanstalkConnection connection, String tube) {
    if (connection.watching.equals(tube)) {
      return Future.succeededFuture();
    }
    return connection
        .send(Buffer.buffer("watch " + tube + "\r\nignore " + connection.watching + "\r\n"), 2)
        .compose(answers -> expect(answers.get(0), "WATCHING"))
        .onSuccess(v -> connection.watching = tube);
  }

  private static Future<Void> expect(Answer answer, String word) {
    return answer.word().equals(word)
        ? Future.succeededFuture()
        : Future.failedFuture("expected " + word + ", beanstalkd answered " + answer.line());
  }

  private <T> Future<T> withConnection(Function<BeanstalkConnection, Future<T>> use) {
    return acquire().compose(connection -> use.apply(connection).andThen(d -> release(connection)));
  }

  private Future<BeanstalkConnection> acquire() {
    synchronized (this) {
      BeanstalkConnection connection = idle.poll();
      if (connection != null) {
        return Future.succeededFuture(connection);
      }
      if (all.size() + opening >= maxConnections) {
        Promise<BeanstalkConnection> waiter = Promise.promise();
        waiters.add(waiter);
        return waiter.future();
      }
      opening++;
    }
    return client
        .connect(port, "127.0.0.1")
        .map(BeanstalkConnection::new)
        .andThen(
            opened -> {
              synchronized (this) {
                opening--;
                if (opened.succeeded()) {
                  all.add(opened.result());
                }
              }
            });
  }

  private void release(BeanstalkConnection connection) {
    Promise<BeanstalkConnection> waiter;
    synchronized (this) {
      waiter = waiters.poll();
      if (waiter == null) {
        idle.push(connection);
        return;
      }
    }
    waiter.complete(connection);
  }
}
