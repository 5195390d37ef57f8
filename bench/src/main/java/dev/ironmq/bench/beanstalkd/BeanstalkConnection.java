package dev.ironmq.bench.beanstalkd;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One connection speaking the beanstalkd protocol: commands are written as they come (several may
 * be in flight, pipelined) and their answers, which arrive in the same order, complete them.
 */
final class BeanstalkConnection {
  /**
   * An answer: its first line (e.g. {@code INSERTED 12}, {@code RESERVED 12 100}) and, for answers
   * that carry one, the data after it.
   */
  record Answer(String line, Buffer data) {
    String word() {
      int space = line.indexOf(' ');
      return space < 0 ? line : line.substring(0, space);
    }

    String argument(int index) {
      return line.split(" ")[index + 1];
    }
  }

  private final NetSocket socket;
  private final ArrayDeque<Promise<Answer>> waiting = new ArrayDeque<>();
  private Buffer received = Buffer.buffer();

  /** The tube {@code put} goes to, and the one {@code reserve} takes from. */
  String using = "default";

  String watching = "default";

  BeanstalkConnection(NetSocket socket) {
    this.socket = socket;
    socket.handler(this::received);
    socket.closeHandler(v -> failAll("the connection closed"));
  }

  /** Writes commands in one go; yields their answers once every one has come. */
  Future<List<Answer>> send(Buffer commands, int count) {
    List<Future<Answer>> answers = new ArrayList<>(count);
    synchronized (this) {
      for (int i = 0; i < count; i++) {
        Promise<Answer> answer = Promise.promise();
        waiting.add(answer);
        answers.add(answer.future());
      }
      socket.write(commands);
    }
    return Future.all(answers).map(all -> all.list());
  }

  /** Sends one command line. */
  Future<Answer> send(String line) {
    return send(Buffer.buffer(line + "\r\n"), 1).map(answers -> answers.get(0));
  }

  void close() {
    socket.close();
  }

  private void received(Buffer chunk) {
    received = received.length() == 0 ? chunk : received.appendBuffer(chunk);
    int at = 0;
    while (true) {
      int end = lineEnd(received, at);
      if (end < 0) {
        break;
      }
      String line = received.getString(at, end, US_ASCII.name());
      int dataBytes = dataLength(line);
      int next = end + 2;
      Buffer data = null;
      if (dataBytes >= 0) {
        if (received.length() < next + dataBytes + 2) {
          break;
        }
        data = received.getBuffer(next, next + dataBytes);
        next += dataBytes + 2;
      }
      at = next;
      Promise<Answer> answer;
      synchronized (this) {
        answer = waiting.poll();
      }
      if (answer != null) {
        answer.complete(new Answer(line, data));
      }
    }
    received =
        at == received.length() ? Buffer.buffer() : received.getBuffer(at, received.length());
  }

  /** The length of the data that follows an answer line, or -1 if none does. */
  private static int dataLength(String line) {
    if (line.startsWith("RESERVED ") || line.startsWith("FOUND ")) {
      return Integer.parseInt(line.substring(line.lastIndexOf(' ') + 1));
    }
    if (line.startsWith("OK ")) {
      return Integer.parseInt(line.substring(3));
    }
    return -1;
  }

  private static int lineEnd(Buffer buffer, int from) {
    for (int i = from; i < buffer.length() - 1; i++) {
      if (buffer.getByte(i) == '\r' && buffer.getByte(i + 1) == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void failAll(String reason) {
    List<Promise<Answer>> failed;
    synchronized (this) {
      failed = new ArrayList<>(waiting);
      waiting.clear();
    }
    failed.forEach(answer -> answer.tryFail(reason));
  }
}
