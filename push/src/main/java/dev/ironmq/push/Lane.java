package dev.ironmq.push;

import java.util.ArrayDeque;

/**
 * The requests to one subscriber: at most a fixed number in flight, the rest waiting in order. A
 * slow or dead subscriber fills only its own lane. Thread-safe.
 */
final class Lane {
  private final int capacity;
  private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
  private int running;

  Lane(int capacity) {
    this.capacity = capacity;
  }

  /** Starts the request now if there is room, else when a running one ends. */
  void submit(Runnable request) {
    synchronized (this) {
      if (running >= capacity) {
        waiting.addLast(request);
        return;
      }
      running++;
    }
    request.run();
  }

  /** A running request ended: the next waiting one starts. */
  void done() {
    Runnable next;
    synchronized (this) {
      next = waiting.pollFirst();
      if (next == null) {
        running--;
      }
    }
    if (next != null) {
      next.run();
    }
  }

  synchronized int waiting() {
    return waiting.size();
  }
}
