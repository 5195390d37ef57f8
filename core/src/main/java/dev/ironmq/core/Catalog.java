package dev.ironmq.core;

import dev.ironmq.backend.QueueRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The names of every queue, per project, in byte order of their UTF-8 form (which is code point
 * order). Thread-safe: shards add and remove names as queues come and go; listings read it from any
 * thread.
 */
final class Catalog {
  private static final Comparator<String> CODE_POINT_ORDER =
      (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
          int ca = a.codePointAt(i);
          int cb = b.codePointAt(j);
          if (ca != cb) {
            return Integer.compare(ca, cb);
          }
          i += Character.charCount(ca);
          j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
      };

  private final ConcurrentHashMap<String, NavigableSet<String>> namesByProject =
      new ConcurrentHashMap<>();

  void add(QueueRef ref) {
    namesByProject
        .computeIfAbsent(ref.projectId(), p -> new ConcurrentSkipListSet<>(CODE_POINT_ORDER))
        .add(ref.name());
  }

  void remove(QueueRef ref) {
    NavigableSet<String> names = namesByProject.get(ref.projectId());
    if (names != null) {
      names.remove(ref.name());
    }
  }

  /**
   * Up to {@code limit} names of the project's queues that start with {@code prefix} and sort after
   * {@code previous} (whether or not a queue of that name exists).
   */
  List<String> list(String projectId, Optional<String> previous, String prefix, int limit) {
    NavigableSet<String> names = namesByProject.get(projectId);
    List<String> page = new ArrayList<>(Math.min(limit, 64));
    if (names == null) {
      return page;
    }
    String from = previous.filter(p -> CODE_POINT_ORDER.compare(p, prefix) >= 0).orElse(prefix);
    boolean inclusive = previous.isEmpty() || !from.equals(previous.get());
    for (String name : names.tailSet(from, inclusive)) {
      if (page.size() >= limit || !name.startsWith(prefix)) {
        break;
      }
      page.add(name);
    }
    return page;
  }
}
