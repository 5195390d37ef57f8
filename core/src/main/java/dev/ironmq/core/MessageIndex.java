package dev.ironmq.core;

import dev.ironmq.core.MessageEntry.Place;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The messages of one queue and where each one is. A data structure only: it reads no clock and
 * writes no journal; callers pass the time and record what changed.
 *
 * <p>{@code available} is the FIFO of messages ready to reserve (returned messages go to its
 * front); {@code delayed} and {@code reserved} are ordered by the moment each message next changes;
 * {@code byExpiry} by the moment it expires. Messages held by a push queue are only in the map and
 * the expiry heap. An entry that leaves {@code available} or {@code byExpiry} other than from its
 * head is marked gone and left in place, to be skipped; each is rebuilt once most of it is stale.
 *
 * <p>Thread: owned by its queue's shard.
 */
final class MessageIndex {
  private static final int REBUILD_MIN_STALE = 1024;

  /**
   * What bringing the index up to a moment did.
   *
   * @param expired messages that expired, now removed
   * @param madeAvailable whether a delayed or reserved message became available
   * @param timedOut how many reservations ended without a delete
   */
  record Advance(List<MessageEntry> expired, boolean madeAvailable, int timedOut) {}

  private final Map<Long, MessageEntry> messages = new HashMap<>();
  private ArrayDeque<MessageEntry> available = new ArrayDeque<>();
  private int staleAvailable;
  private final TreeSet<MessageEntry> delayed = new TreeSet<>(MessageEntry.BY_VISIBLE_AT);
  private final TreeSet<MessageEntry> reserved = new TreeSet<>(MessageEntry.BY_VISIBLE_AT);
  private PriorityQueue<MessageEntry> byExpiry = new PriorityQueue<>(MessageEntry.BY_EXPIRY);
  private final List<MessageEntry> restoredReturns = new ArrayList<>();
  private final List<MessageEntry> restoredPosts = new ArrayList<>();

  /** Every message in the index, held ones included. */
  int size() {
    return messages.size();
  }

  MessageEntry get(long messageId) {
    return messages.get(messageId);
  }

  Collection<MessageEntry> entries() {
    return messages.values();
  }

  /**
   * Adds a message that becomes visible at {@code visibleAt}: available now, or delayed until then.
   * A posted message goes to the back; a returned one ({@code toFront}) to the front.
   */
  void add(MessageEntry entry, long visibleAt, boolean toFront, long now) {
    track(entry);
    entry.visibleAt = visibleAt;
    if (visibleAt > now) {
      entry.place = Place.DELAYED;
      entry.returnsToFront = toFront;
      delayed.add(entry);
    } else {
      entry.place = Place.AVAILABLE;
      if (toFront) {
        available.addFirst(entry);
      } else {
        available.addLast(entry);
      }
    }
  }

  /** Adds a message that a push queue delivers: it expires like any other, but is not reserved. */
  void hold(MessageEntry entry) {
    track(entry);
    entry.place = Place.HELD;
  }

  /**
   * The first available message, taken out of the available ones to be reserved or removed next;
   * null when there is none.
   */
  MessageEntry pollAvailable() {
    MessageEntry entry;
    while ((entry = available.pollFirst()) != null) {
      if (entry.place == Place.AVAILABLE) {
        entry.place = Place.TAKEN;
        return entry;
      }
      staleAvailable--;
    }
    return null;
  }

  int delayedCount() {
    return delayed.size();
  }

  int reservedCount() {
    return reserved.size();
  }

  /**
   * How long ago the first message a reserve would take was posted (which is the oldest available
   * one, unless a released message went ahead of it); 0 when nothing is available.
   */
  long availableAgeAt(long now) {
    return hasAvailable() ? Math.max(0, now - available.peekFirst().postedAt) : 0;
  }

  boolean hasAvailable() {
    MessageEntry entry;
    while ((entry = available.peekFirst()) != null && entry.place != Place.AVAILABLE) {
      available.pollFirst();
      staleAvailable--;
    }
    return entry != null;
  }

  /** Reserves a message taken with {@link #pollAvailable()} until {@code until}. */
  void reserve(MessageEntry entry, String reservationId, long until) {
    entry.reservationId = reservationId;
    entry.visibleAt = until;
    entry.place = Place.RESERVED;
    reserved.add(entry);
  }

  /** Gives a reserved message a new reservation until {@code until}. */
  void renew(MessageEntry entry, String reservationId, long until) {
    reserved.remove(entry);
    reserve(entry, reservationId, until);
  }

  /**
   * Ends a reservation early: the message returns to the front at {@code visibleAt}. Returns
   * whether it is available now.
   */
  boolean release(MessageEntry entry, long visibleAt, long now) {
    reserved.remove(entry);
    entry.reservationId = "";
    if (visibleAt > now) {
      entry.visibleAt = visibleAt;
      entry.place = Place.DELAYED;
      entry.returnsToFront = true;
      delayed.add(entry);
      return false;
    }
    entry.visibleAt = now;
    entry.place = Place.AVAILABLE;
    available.addFirst(entry);
    return true;
  }

  /** Removes a message from wherever it is. */
  void remove(MessageEntry entry) {
    messages.remove(entry.id);
    switch (entry.place) {
      case AVAILABLE -> staleAvailable++;
      case DELAYED -> delayed.remove(entry);
      case RESERVED -> reserved.remove(entry);
      case TAKEN, HELD -> {}
      case GONE -> throw new IllegalStateException("message " + entry.id + " is already gone");
    }
    entry.place = Place.GONE;
    rebuildIfStale();
  }

  /** Removes every message; returns them. */
  List<MessageEntry> clear() {
    List<MessageEntry> all = new ArrayList<>(messages.values());
    for (MessageEntry entry : all) {
      entry.place = Place.GONE;
    }
    messages.clear();
    available.clear();
    staleAvailable = 0;
    delayed.clear();
    reserved.clear();
    byExpiry = new PriorityQueue<>(MessageEntry.BY_EXPIRY);
    return all;
  }

  /** Up to {@code count} available messages, in the order reserves would take them. */
  List<MessageEntry> peek(int count) {
    List<MessageEntry> entries = new ArrayList<>(Math.min(count, 16));
    Iterator<MessageEntry> it = available.iterator();
    while (entries.size() < count && it.hasNext()) {
      MessageEntry entry = it.next();
      if (entry.place == Place.AVAILABLE) {
        entries.add(entry);
      }
    }
    return entries;
  }

  /**
   * Up to {@code limit} messages with ids above {@code afterId} that {@code wanted} accepts, in id
   * order: one pass over every message, keeping the lowest ids seen so far.
   */
  List<MessageEntry> firstAfter(long afterId, int limit, Predicate<MessageEntry> wanted) {
    PriorityQueue<MessageEntry> lowest =
        new PriorityQueue<>(
            limit + 1, Comparator.comparingLong((MessageEntry e) -> e.id).reversed());
    for (MessageEntry entry : messages.values()) {
      if (entry.id <= afterId || (lowest.size() == limit && entry.id > lowest.peek().id)) {
        continue;
      }
      if (wanted.test(entry)) {
        lowest.add(entry);
        if (lowest.size() > limit) {
          lowest.poll();
        }
      }
    }
    List<MessageEntry> picked = new ArrayList<>(lowest);
    picked.sort(Comparator.comparingLong(e -> e.id));
    return picked;
  }

  /**
   * Brings the index up to {@code now}: removes expired messages; returns to the front the messages
   * whose reservation or release delay ended (the latest return first, as if each had been put
   * there the moment it returned); moves to the back the posted messages whose delay ended.
   */
  Advance advanceTo(long now) {
    List<MessageEntry> expired = expire(now);
    List<MessageEntry> toFront = new ArrayList<>(0);
    MessageEntry first;
    while (!reserved.isEmpty() && (first = reserved.first()).visibleAt <= now) {
      reserved.pollFirst();
      first.reservationId = "";
      toFront.add(first);
    }
    int timedOut = toFront.size();
    boolean madeAvailable = timedOut > 0;
    while (!delayed.isEmpty() && (first = delayed.first()).visibleAt <= now) {
      delayed.pollFirst();
      madeAvailable = true;
      if (first.returnsToFront) {
        toFront.add(first);
      } else {
        first.place = Place.AVAILABLE;
        available.addLast(first);
      }
    }
    toFront.sort(MessageEntry.BY_VISIBLE_AT);
    for (MessageEntry entry : toFront) {
      entry.place = Place.AVAILABLE;
      entry.returnsToFront = false;
      available.addFirst(entry);
    }
    return new Advance(expired, madeAvailable, timedOut);
  }

  private List<MessageEntry> expire(long now) {
    List<MessageEntry> expired = List.of();
    MessageEntry head;
    while ((head = byExpiry.peek()) != null && head.expiresAt <= now) {
      byExpiry.poll();
      if (!head.isGone()) {
        if (expired.isEmpty()) {
          expired = new ArrayList<>();
        }
        expired.add(head);
        remove(head);
      }
    }
    return expired;
  }

  /** When the next message expires, or {@link Long#MAX_VALUE}. */
  long nextExpiryAt() {
    MessageEntry head;
    while ((head = byExpiry.peek()) != null && head.isGone()) {
      byExpiry.poll();
    }
    return head == null ? Long.MAX_VALUE : head.expiresAt;
  }

  /** When the next delayed or reserved message becomes available, or {@link Long#MAX_VALUE}. */
  long nextVisibleAt() {
    long next = delayed.isEmpty() ? Long.MAX_VALUE : delayed.first().visibleAt;
    return reserved.isEmpty() ? next : Math.min(next, reserved.first().visibleAt);
  }

  private void track(MessageEntry entry) {
    messages.put(entry.id, entry);
    byExpiry.add(entry);
  }

  private void rebuildIfStale() {
    if (staleAvailable > REBUILD_MIN_STALE && staleAvailable > available.size() / 2) {
      ArrayDeque<MessageEntry> live = new ArrayDeque<>(available.size() - staleAvailable);
      for (MessageEntry entry : available) {
        if (entry.place == Place.AVAILABLE) {
          live.addLast(entry);
        }
      }
      available = live;
      staleAvailable = 0;
    }
    if (byExpiry.size() > REBUILD_MIN_STALE && byExpiry.size() > 2 * messages.size()) {
      PriorityQueue<MessageEntry> live = new PriorityQueue<>(MessageEntry.BY_EXPIRY);
      live.addAll(messages.values());
      byExpiry = live;
    }
  }

  // ---- start-up ----

  /**
   * Puts a stored, unexpired message back where it was at {@code now}. A message whose visibility
   * was pushed past the moment it was first available (by a reservation or a release) had returned
   * to the queue; any other is where its post put it.
   */
  void restore(
      MessageEntry entry, long availableAt, long visibleAt, String reservationId, long now) {
    boolean returned = visibleAt > availableAt;
    entry.visibleAt = visibleAt;
    track(entry);
    if (!reservationId.isEmpty() && visibleAt > now) {
      entry.reservationId = reservationId;
      entry.place = Place.RESERVED;
      reserved.add(entry);
    } else if (visibleAt > now) {
      entry.place = Place.DELAYED;
      entry.returnsToFront = returned;
      delayed.add(entry);
    } else {
      entry.place = Place.AVAILABLE;
      (returned ? restoredReturns : restoredPosts).add(entry);
    }
  }

  /**
   * Ends a restore, putting available messages in the order they had: returned ones in front, the
   * most recently returned first; then the others in the order they became available.
   */
  void finishRestore() {
    restoredReturns.sort(MessageEntry.BY_VISIBLE_AT);
    for (MessageEntry entry : restoredReturns) {
      available.addFirst(entry);
    }
    restoredPosts.sort(MessageEntry.BY_VISIBLE_AT);
    available.addAll(restoredPosts);
    restoredReturns.clear();
    restoredPosts.clear();
  }
}
