-- A queue's history: a row per minute (step 0) kept a day, and per hour (step 1) kept 31 days.
-- Every node adds what it counted to the same rows; the size is the latest any node saw.
CREATE TABLE queue_stats (
  queue_id       bigint NOT NULL,
  step           smallint NOT NULL,
  period         bigint NOT NULL,
  size           bigint NOT NULL,
  posted         bigint NOT NULL,
  reserved       bigint NOT NULL,
  deleted        bigint NOT NULL,
  push_delivered bigint NOT NULL,
  push_failed    bigint NOT NULL,
  PRIMARY KEY (queue_id, step, period)
);

-- For housekeeping, which forgets periods past their retention in every queue at once.
CREATE INDEX queue_stats_age ON queue_stats (step, period);
