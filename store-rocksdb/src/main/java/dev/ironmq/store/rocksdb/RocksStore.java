package dev.ironmq.store.rocksdb;

import dev.ironmq.store.Batch;
import dev.ironmq.store.DeliveryRecord;
import dev.ironmq.store.MessageRecord;
import dev.ironmq.store.MessageState;
import dev.ironmq.store.QueueRecord;
import dev.ironmq.store.Store;
import dev.ironmq.store.StoreException;
import dev.ironmq.store.StoreVisitor;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
import org.rocksdb.InfoLogLevel;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.TablePropertiesCollectorFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded durable store. Layout in {@link Keys}, value formats in {@link MessageCodec} and
 * {@link RecordCodec}, writes through the {@link GroupCommitWriter}.
 */
public final class RocksStore implements Store {
  private static final Logger log = LoggerFactory.getLogger(RocksStore.class);

  static {
    RocksDB.loadLibrary();
  }

  private final RocksDB db;
  private final DBOptions dbOptions;
  private final List<ColumnFamilyOptions> familyOptions;
  private final List<ColumnFamilyHandle> handles;
  private final ColumnFamilies families;
  private final GroupCommitWriter writer;
  private final Optional<ScheduledExecutorService> walSyncer;
  private boolean closed;

  private RocksStore(
      RocksDB db,
      DBOptions dbOptions,
      List<ColumnFamilyOptions> familyOptions,
      List<ColumnFamilyHandle> handles,
      FsyncPolicy fsync,
      Duration fsyncInterval) {
    this.db = db;
    this.dbOptions = dbOptions;
    this.familyOptions = familyOptions;
    this.handles = handles;
    this.families =
        new ColumnFamilies(
            handles.get(0), handles.get(1), handles.get(2), handles.get(3), handles.get(4));
    this.writer =
        new GroupCommitWriter(
            db, new BatchWriter(families, readSequences()), fsync == FsyncPolicy.ALWAYS);
    this.walSyncer =
        fsync == FsyncPolicy.INTERVAL
            ? Optional.of(startWalSyncer(fsyncInterval))
            : Optional.empty();
  }

  /** Opens (creating if needed) the store in a directory. */
  public static RocksStore open(Path directory, FsyncPolicy fsync, Duration fsyncInterval) {
    try {
      Files.createDirectories(directory);
      DBOptions dbOptions =
          new DBOptions()
              .setCreateIfMissing(true)
              .setCreateMissingColumnFamilies(true)
              .setMaxBackgroundJobs(2)
              .setKeepLogFileNum(4)
              .setMaxTotalWalSize(256L << 20)
              .setInfoLogLevel(InfoLogLevel.WARN_LEVEL);
      ColumnFamilyOptions small = new ColumnFamilyOptions().setWriteBufferSize(8L << 20);
      ColumnFamilyOptions messages = messageFamilyOptions();
      ColumnFamilyOptions states = new ColumnFamilyOptions().setWriteBufferSize(16L << 20);
      List<ColumnFamilyDescriptor> descriptors =
          List.of(
              new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, small),
              new ColumnFamilyDescriptor("queues".getBytes(), small),
              new ColumnFamilyDescriptor("messages".getBytes(), messages),
              new ColumnFamilyDescriptor("states".getBytes(), states),
              new ColumnFamilyDescriptor("deliveries".getBytes(), states));
      List<ColumnFamilyHandle> handles = new ArrayList<>();
      RocksDB db = RocksDB.open(dbOptions, directory.toString(), descriptors, handles);
      return new RocksStore(
          db, dbOptions, List.of(small, messages, states), handles, fsync, fsyncInterval);
    } catch (RocksDBException | java.io.IOException e) {
      throw new StoreException("cannot open the store in " + directory, e);
    }
  }

  private static ColumnFamilyOptions messageFamilyOptions() {
    // A queue deletes at its head what it wrote there a moment ago; files full of tombstones are
    // compacted early instead of slowing every later scan. The Java API sets the collector only
    // on Options, whose column family part is then copied.
    try (Options options = new Options()) {
      options.setWriteBufferSize(32L << 20);
      options.setTablePropertiesCollectorFactory(
          List.of(
              TablePropertiesCollectorFactory.NewCompactOnDeletionCollectorFactory(
                  10_000, 5_000, 0.5)));
      return new ColumnFamilyOptions(options);
    }
  }

  @Override
  public CompletableFuture<Void> commit(Batch batch) {
    return writer.submit(batch);
  }

  /** Average number of batches per disk write so far; 0 before the first write. */
  public double averageGroupSize() {
    long rounds = writer.rounds();
    return rounds == 0 ? 0 : (double) writer.batches() / rounds;
  }

  @Override
  public void scan(StoreVisitor visitor) {
    try (ReadOptions options = new ReadOptions().setFillCache(false).setReadaheadSize(2 << 20)) {
      scanGlobal(visitor, options);
      scanQueues(visitor, options);
    }
  }

  private void scanGlobal(StoreVisitor visitor, ReadOptions options) {
    forEachGlobal(
        Keys.SEQUENCE,
        options,
        (key, value) -> visitor.sequence(Keys.name(key), ByteBuffer.wrap(value).getLong()));
    forEachGlobal(
        Keys.PROJECT, options, (key, value) -> visitor.project(RecordCodec.decodeProject(value)));
    forEachGlobal(
        Keys.TOKEN, options, (key, value) -> visitor.token(RecordCodec.decodeToken(value)));
  }

  private void forEachGlobal(byte kind, ReadOptions options, BiConsumer<byte[], byte[]> action) {
    try (RocksIterator it = db.newIterator(families.global(), options)) {
      for (it.seek(new byte[] {kind}); it.isValid() && it.key()[0] == kind; it.next()) {
        action.accept(it.key(), it.value());
      }
    }
  }

  private void scanQueues(StoreVisitor visitor, ReadOptions options) {
    try (RocksIterator queues = db.newIterator(families.queues(), options)) {
      queues.seekToFirst();
      while (queues.isValid()) {
        byte[] key = queues.key();
        long queueId = Keys.queueId(key);
        if (key[8] != Keys.QUEUE_RECORD) {
          queues.next();
          continue;
        }
        QueueRecord queue = RecordCodec.decodeQueue(queues.value());
        queues.next();
        long total = 0;
        if (queues.isValid()
            && Keys.queueId(queues.key()) == queueId
            && queues.key()[8] == Keys.QUEUE_COUNTER) {
          total = ByteBuffer.wrap(queues.value()).getLong();
          queues.next();
        }
        visitor.queue(queue, total);
        scanMessages(queueId, visitor);
      }
    }
  }

  private void scanMessages(long queueId, StoreVisitor visitor) {
    try (Slice upper = new Slice(Keys.queueEnd(queueId));
        ReadOptions options =
            new ReadOptions()
                .setFillCache(false)
                .setReadaheadSize(2 << 20)
                .setIterateUpperBound(upper);
        RocksIterator messages = db.newIterator(families.messages(), options);
        RocksIterator states = db.newIterator(families.states(), options);
        RocksIterator deliveries = db.newIterator(families.deliveries(), options)) {
      Map<Long, MessageState> stateById = new HashMap<>();
      for (states.seek(Keys.queueStart(queueId)); states.isValid(); states.next()) {
        long messageId = Keys.messageId(states.key());
        stateById.put(messageId, MessageCodec.decodeState(queueId, messageId, states.value()));
      }
      Map<Long, List<DeliveryRecord>> deliveriesById = new HashMap<>();
      for (deliveries.seek(Keys.queueStart(queueId)); deliveries.isValid(); deliveries.next()) {
        byte[] key = deliveries.key();
        long messageId = Keys.messageId(key);
        deliveriesById
            .computeIfAbsent(messageId, id -> new ArrayList<>())
            .add(
                MessageCodec.decodeDelivery(
                    queueId, messageId, Keys.subscriberName(key), deliveries.value()));
      }
      for (messages.seek(Keys.queueStart(queueId)); messages.isValid(); messages.next()) {
        long messageId = Keys.messageId(messages.key());
        MessageRecord message = MessageCodec.decodeMessage(queueId, messageId, messages.value());
        visitor.message(
            message,
            Optional.ofNullable(stateById.get(messageId)),
            deliveriesById.getOrDefault(messageId, List.of()));
      }
    }
  }

  private Map<String, Long> readSequences() {
    Map<String, Long> sequences = new HashMap<>();
    try (ReadOptions options = new ReadOptions()) {
      forEachGlobal(
          Keys.SEQUENCE,
          options,
          (key, value) -> sequences.put(Keys.name(key), ByteBuffer.wrap(value).getLong()));
    }
    return sequences;
  }

  private ScheduledExecutorService startWalSyncer(Duration interval) {
    ScheduledExecutorService syncer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "store-wal-sync");
              t.setDaemon(true);
              return t;
            });
    syncer.scheduleWithFixedDelay(
        () -> {
          try {
            db.flushWal(true);
          } catch (RocksDBException e) {
            log.error("Periodic WAL sync failed", e);
          }
        },
        interval.toMillis(),
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
    return syncer;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    writer.close();
    if (writer.rounds() > 0) {
      log.info(
          "Wrote {} batches in {} disk writes ({} batches per write)",
          writer.batches(),
          writer.rounds(),
          String.format(java.util.Locale.ROOT, "%.1f", averageGroupSize()));
    }
    walSyncer.ifPresent(ScheduledExecutorService::shutdownNow);
    try {
      db.flushWal(true);
    } catch (RocksDBException e) {
      log.warn("Final WAL sync failed", e);
    }
    handles.forEach(ColumnFamilyHandle::close);
    try {
      db.closeE();
    } catch (RocksDBException e) {
      log.warn("Closing the store failed", e);
    }
    dbOptions.close();
    familyOptions.forEach(ColumnFamilyOptions::close);
  }
}
