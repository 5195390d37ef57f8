package dev.ironmq.store.rocksdb;

import org.rocksdb.ColumnFamilyHandle;

/** The handles of the column families described in {@link Keys}. */
record ColumnFamilies(
    ColumnFamilyHandle global,
    ColumnFamilyHandle queues,
    ColumnFamilyHandle messages,
    ColumnFamilyHandle states,
    ColumnFamilyHandle deliveries) {}
