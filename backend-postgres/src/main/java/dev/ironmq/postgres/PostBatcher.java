package dev.ironmq.postgres;

import dev.ironmq.backend.CommitObserver;
import dev.ironmq.backend.NewMessage;
import dev.ironmq.backend.QueueRef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * Group commit for posts: posts to one queue that arrive while a post to it is being written go
 * together in the next call, one statement and one commit for all of them, sent as soon as the call
 * before returns (never held back to wait for more). Each post is answered with its own ids once
 * that commit is done. Under light load a post is sent alone at once; under heavy load each commit
 * carries what arrived during the previous one.
 */
final class PostBatcher {
  /** The most messages one call carries. */
  private static final int MAX_MESSAGES = 1_000;

  /** One post waiting to be written. */
  private record Post(List<NewMessage> messages, CompletableFuture<List<Long>> ids) {}

  /** A queue's posts: whether a call is being written, and what waits for the next one. */
  private static final class Line {
    boolean writing;
    final ArrayDeque<Post> waiting = new ArrayDeque<>();
  }

  private final BiFunction<QueueRef, List<NewMessage>, CompletableFuture<List<Long>>> write;
  private final Map<QueueRef, Line> lines = new HashMap<>();
  private final CommitObserver commits;

  /**
   * Posts with {@code write}, which writes messages in one call and answers their ids in order;
   * {@code commits} hears of each call, with the posts it carries.
   */
  PostBatcher(
      BiFunction<QueueRef, List<NewMessage>, CompletableFuture<List<Long>>> write,
      CommitObserver commits) {
    this.write = write;
    this.commits = commits;
  }

  CompletableFuture<List<Long>> post(QueueRef ref, List<NewMessage> messages) {
    Post post = new Post(messages, new CompletableFuture<>());
    boolean send;
    synchronized (this) {
      Line line = lines.computeIfAbsent(ref, r -> new Line());
      line.waiting.add(post);
      send = !line.writing;
      line.writing = true;
    }
    if (send) {
      sendNext(ref);
    }
    return post.ids();
  }

  /** Sends what waits for the queue, or ends its line when nothing does. */
  private void sendNext(QueueRef ref) {
    List<Post> batch = new ArrayList<>();
    synchronized (this) {
      Line line = lines.get(ref);
      int messages = 0;
      while (!line.waiting.isEmpty()
          && (batch.isEmpty()
              || messages + line.waiting.peek().messages().size() <= MAX_MESSAGES)) {
        Post next = line.waiting.poll();
        batch.add(next);
        messages += next.messages().size();
      }
      if (batch.isEmpty()) {
        line.writing = false;
        lines.remove(ref);
        return;
      }
    }
    List<NewMessage> all = new ArrayList<>();
    batch.forEach(p -> all.addAll(p.messages()));
    CommitObserver.Commit commit = commits.begin(batch.size());
    CompletableFuture<List<Long>> written;
    try {
      written = write.apply(ref, all);
    } catch (RuntimeException e) {
      written = CompletableFuture.failedFuture(e);
    }
    written.whenComplete(
        (ids, error) -> {
          commit.end(error == null);
          int from = 0;
          for (Post p : batch) {
            if (error != null) {
              p.ids().completeExceptionally(error);
            } else {
              p.ids().complete(List.copyOf(ids.subList(from, from + p.messages().size())));
            }
            from += p.messages().size();
          }
          sendNext(ref);
        });
  }
}
