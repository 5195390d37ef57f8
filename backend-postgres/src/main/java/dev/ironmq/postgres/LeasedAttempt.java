package dev.ironmq.postgres;

import dev.ironmq.backend.PushAttempt;

/** An attempt leased in a transaction, to be started once that transaction commits. */
record LeasedAttempt(DeliveryKey key, PushAttempt attempt) {}
