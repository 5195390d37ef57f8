-- The tables of the PostgreSQL backend. Times are epoch milliseconds (bigint), as the API uses
-- them and as the server's clock gives them; ids of messages and queues are bigints. See
-- docs/postgresql.md for why each index is there.

CREATE TABLE projects (
  id         text PRIMARY KEY,
  name       text NOT NULL,
  created_at bigint NOT NULL
);

CREATE TABLE tokens (
  hash        text PRIMARY KEY,
  project_ids text[] NOT NULL,
  admin       boolean NOT NULL,
  label       text NOT NULL,
  created_at  bigint NOT NULL
);

-- A queue's settings are one JSON document, in the same shape as the embedded store's.
CREATE TABLE queues (
  id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  project_id text NOT NULL,
  name       text COLLATE "C" NOT NULL,
  created_at bigint NOT NULL,
  config     jsonb NOT NULL,
  UNIQUE (project_id, name)
);

-- A queue's counters as changes, appended by every post and delete and summed when read: size is
-- sum(posted) - sum(removed), total_messages is sum(posted). Appending takes no lock that another
-- writer waits for (a counter row updated by each post would serialize them); housekeeping folds
-- a queue's rows into one now and then.
CREATE TABLE counters (
  queue_id bigint NOT NULL,
  posted   bigint NOT NULL,
  removed  bigint NOT NULL
) WITH (autovacuum_vacuum_scale_factor = 0.05);
CREATE INDEX counters_queue ON counters (queue_id);

-- A message. Its body is UTF-8 bytes (text cannot hold the NUL character a body may have). It is
-- available when visible_at has passed, unless a reservation holds it
-- (reservation_id set and visible_at, its end, still ahead). Messages that were reserved once
-- (returned) wait in front, the latest return first; the others in the order they became
-- available. state: 0 a pull message; 1 a push message whose deliveries are not done; 2 a
-- delivered push message kept for the push retention; 3 a push message given up on, kept until it
-- expires. Only states 0 and 1 count in the queue's size.
CREATE TABLE messages (
  queue_id       bigint NOT NULL,
  id             bigint NOT NULL,
  body           bytea NOT NULL,
  push_headers   jsonb,
  posted_at      bigint NOT NULL,
  expires_at     bigint NOT NULL,
  timeout        integer NOT NULL,
  visible_at     bigint NOT NULL,
  returned       boolean NOT NULL DEFAULT false,
  reserved_count integer NOT NULL DEFAULT 0,
  reservation_id text,
  state          smallint NOT NULL DEFAULT 0,
  finished_at    bigint,
  PRIMARY KEY (queue_id, id)
-- Rows are inserted and deleted all day: vacuum after 1 % of the table changed, not the default
-- 20 %, or reserves scan past dead rows between runs.
) WITH (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.01,
        autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.05);

CREATE INDEX messages_front ON messages (queue_id, visible_at DESC, id DESC)
  WHERE returned AND state = 0;
CREATE INDEX messages_back ON messages (queue_id, visible_at, id)
  WHERE NOT returned AND state = 0;
CREATE INDEX messages_expiry ON messages (expires_at) WHERE state <> 2;
CREATE INDEX messages_receipts ON messages (finished_at) WHERE state = 2;

-- One delivery of a push message: per subscriber (multicast), or one per message whose
-- subscriber is '' (unicast). What is settled is in the first columns; an attempt in flight is a
-- lease: the node that made it answers by lease_until, or any node makes it again after.
CREATE TABLE deliveries (
  queue_id            bigint NOT NULL,
  message_id          bigint NOT NULL,
  subscriber          text NOT NULL,
  status              smallint NOT NULL,
  tries               integer NOT NULL,
  round               integer NOT NULL,
  cursor              integer NOT NULL,
  last_try_at         bigint NOT NULL,
  next_attempt_at     bigint NOT NULL,
  reservation_id      text NOT NULL,
  results             jsonb NOT NULL,
  lease_until         bigint,
  attempt_reservation text,
  attempt_started_at  bigint,
  PRIMARY KEY (queue_id, message_id, subscriber)
) WITH (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.01);

-- Deliveries waiting for an attempt (or a 202's end), and attempts whose lease ran out.
CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status IN (0, 1, 2) AND lease_until IS NULL;
CREATE INDEX deliveries_leased ON deliveries (lease_until) WHERE lease_until IS NOT NULL;

-- A queue's alerts: the size last seen (size changes are judged against it one at a time) and
-- when each alert last fired.
CREATE TABLE alert_states (
  queue_id  bigint PRIMARY KEY,
  last_size bigint NOT NULL,
  fired_at  jsonb NOT NULL DEFAULT '{}'
);

-- Nodes with reserves parked on a queue, until when: a post notifies them only while one waits.
CREATE TABLE listeners (
  queue_id bigint NOT NULL,
  node     text NOT NULL,
  until    bigint NOT NULL,
  PRIMARY KEY (queue_id, node)
);

-- Queues deleted whose messages and deliveries are still to be removed, a batch at a time.
CREATE TABLE dropped_queues (
  queue_id bigint PRIMARY KEY
);

-- Message ids: increasing across nodes, and after the epoch-millisecond << 20 ids of the embedded
-- store, so that data moved from one to the other keeps its order.
DO $$
BEGIN
  EXECUTE format('CREATE SEQUENCE message_ids START WITH %s',
                 (floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) << 20);
END
$$;
