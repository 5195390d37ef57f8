package dev.ironmq.postgres;

/** One delivery of one message of one queue: a row of {@code deliveries}. */
record DeliveryKey(long queueId, long messageId, String subscriber) {}
