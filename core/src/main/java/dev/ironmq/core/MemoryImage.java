package dev.ironmq.core;

import dev.ironmq.backend.InternalMessages;
import dev.ironmq.backend.PushTransport;
import dev.ironmq.backend.problem.Problem;
import dev.ironmq.core.auth.Projects;
import dev.ironmq.store.Journal;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything the engine holds in memory, loaded from the journal: projects and tokens, the queues
 * on their shards, and the router between them. The engine serves from one image at a time; after
 * the journal fails a write it loads a read-only image (what is on disk, without the changes that
 * failed), and once the journal takes writes again, a writable one.
 *
 * <p>Thread: loaded on one thread before any shard runs its tasks; then used as {@link Shard}s
 * allow.
 */
final class MemoryImage {
  final Projects projects;
  final QueueDirectory queues;
  final StorageHealth health;

  /** The image that replaces this one, once there is one; failed when none could be loaded. */
  final CompletableFuture<MemoryImage> successor = new CompletableFuture<>();

  private MemoryImage(Projects projects, QueueDirectory queues, StorageHealth health) {
    this.projects = projects;
    this.queues = queues;
    this.health = health;
  }

  /**
   * Loads an image from the journal with one shard per runtime, writable unless {@code readOnly}
   * names why not, and starts its shards.
   */
  static MemoryImage load(
      Journal journal,
      InstantSource clock,
      List<ShardRuntime> runtimes,
      EngineSettings settings,
      PushTransport transport,
      InternalMessages messages,
      AtomicLong parkedReserves,
      Problem readOnly) {
    StorageHealth health =
        readOnly == null ? StorageHealth.writable() : StorageHealth.readOnly(readOnly);
    Projects projects = new Projects(journal, clock);
    MessageIds messageIds = new MessageIds(0);
    Shard[] shards = new Shard[runtimes.size()];
    EffectRouter[] router = new EffectRouter[1];
    for (int i = 0; i < shards.length; i++) {
      QueueContext context =
          new QueueContext(
              messageIds,
              new ReservationIds(),
              settings.pushRetention().toMillis(),
              messages,
              settings.events());
      shards[i] =
          new Shard(i, context, runtimes.get(i), journal, clock, health, e -> router[0].route(e));
    }
    QueueDirectory queues = new QueueDirectory(shards, transport, parkedReserves);
    router[0] = new EffectRouter(queues, projects, transport);
    JournalLoader.load(journal, queues, messageIds, projects, clock.millis(), health.takesWrites());
    queues.shards().forEach(Shard::start);
    return new MemoryImage(projects, queues, health);
  }

  /**
   * A write failed: refuses writes from now on, and ends every parked reserve (a reserve is a
   * write).
   */
  void writeFailed(Problem why) {
    health.writeFailed(why);
    queues.shards().forEach(Shard::endWaits);
  }
}
