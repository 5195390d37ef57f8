/**
 * The narrow storage interface of the queue server.
 *
 * <p>The engine keeps its working index in memory and describes every state change as a {@link
 * Batch} of mutations. A {@link Journal} applies each batch atomically and durably, then completes
 * the batch's future; the engine answers the client only after that. At start-up the engine reads
 * everything back once through {@link Journal#scan(JournalVisitor)}.
 *
 * <p>Records here are plain values; strings are never null (absent means empty) and optional parts
 * use {@link java.util.Optional}.
 */
package dev.ironmq.store;
