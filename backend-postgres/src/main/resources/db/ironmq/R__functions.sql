-- The operations that must be one round trip: each API call that changes messages is one call of
-- one of these functions, so it is one statement, atomic, and holds its row locks only for its
-- own duration. Refusals are raised with these SQLSTATEs, which the backend maps to problems:
--   IQ404 queue not found, IM404 message not found, IR403 reservation mismatch.

CREATE OR REPLACE FUNCTION queue_named(p_project text, p_name text) RETURNS queues
LANGUAGE plpgsql STABLE AS $$
DECLARE
  q queues;
BEGIN
  SELECT * INTO q FROM queues WHERE project_id = p_project AND name = p_name;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'Queue not found' USING ERRCODE = 'IQ404';
  END IF;
  RETURN q;
END
$$;

-- The queue, created with the given settings when it does not exist (posting creates queues).
CREATE OR REPLACE FUNCTION ensure_queue(p_project text, p_name text, p_config jsonb, p_now bigint)
RETURNS queues
LANGUAGE plpgsql AS $$
DECLARE
  q queues;
BEGIN
  SELECT * INTO q FROM queues WHERE project_id = p_project AND name = p_name;
  IF FOUND THEN
    RETURN q;
  END IF;
  INSERT INTO queues (project_id, name, created_at, config)
    VALUES (p_project, p_name, p_now, p_config)
    ON CONFLICT (project_id, name) DO NOTHING;
  SELECT * INTO q FROM queues WHERE project_id = p_project AND name = p_name;
  RETURN q;
END
$$;

CREATE OR REPLACE FUNCTION count_change(p_queue bigint, p_posted bigint, p_removed bigint)
RETURNS void
LANGUAGE sql AS $$
  INSERT INTO counters (queue_id, posted, removed) VALUES (p_queue, p_posted, p_removed)
$$;

-- Folds a queue's counter rows into one; rows appended meanwhile stay as they are.
CREATE OR REPLACE FUNCTION fold_counters(p_queue bigint) RETURNS void
LANGUAGE sql AS $$
  WITH gone AS (DELETE FROM counters WHERE queue_id = p_queue RETURNING posted, removed)
  INSERT INTO counters (queue_id, posted, removed)
    SELECT p_queue, sum(posted), sum(removed) FROM gone HAVING count(*) > 0
$$;

CREATE OR REPLACE FUNCTION queue_size(p_queue bigint) RETURNS bigint
LANGUAGE sql STABLE AS $$
  SELECT coalesce(sum(posted) - sum(removed), 0) FROM counters WHERE queue_id = p_queue
$$;

-- For a queue with alerts: the size before and after this change, judged one change at a time
-- against the size last seen; null for a queue without alerts. The size is read after the lock is
-- taken, in a statement of its own, so it includes what the change waited for.
CREATE OR REPLACE FUNCTION watch_size(p_queue bigint, p_config jsonb) RETURNS bigint[]
LANGUAGE plpgsql AS $$
DECLARE
  before bigint;
  after bigint;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM jsonb_array_elements(coalesce(p_config->'alerts', '[]'::jsonb)) a
                 WHERE NOT a ? 'kind') THEN
    RETURN NULL;
  END IF;
  INSERT INTO alert_states (queue_id, last_size) VALUES (p_queue, 0) ON CONFLICT DO NOTHING;
  SELECT last_size INTO before FROM alert_states WHERE queue_id = p_queue FOR UPDATE;
  after := queue_size(p_queue);
  UPDATE alert_states SET last_size = after WHERE queue_id = p_queue;
  RETURN ARRAY[before, after];
END
$$;

-- Records an age or failure-rate alert's reading; true when it went from below its trigger to at or
-- above it (the first reading of a key counts as from below). False for a queue dropped meanwhile.
CREATE OR REPLACE FUNCTION cross_alert(p_queue bigint, p_key text, p_reached boolean)
  RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  was boolean;
BEGIN
  PERFORM 1 FROM queues WHERE id = p_queue FOR SHARE;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  INSERT INTO alert_states (queue_id, last_size) VALUES (p_queue, queue_size(p_queue))
    ON CONFLICT DO NOTHING;
  SELECT (reached->>p_key)::boolean INTO was
    FROM alert_states WHERE queue_id = p_queue FOR UPDATE;
  IF was IS NOT DISTINCT FROM p_reached THEN
    RETURN false;
  END IF;
  UPDATE alert_states SET reached = reached || jsonb_build_object(p_key, p_reached)
    WHERE queue_id = p_queue;
  RETURN p_reached AND NOT coalesce(was, false);
END
$$;

-- Claims an alert's firing: false while its snooze lasts since it last fired.
CREATE OR REPLACE FUNCTION claim_alert(p_queue bigint, p_alert text, p_now bigint,
                                       p_snooze_ms bigint) RETURNS boolean
LANGUAGE plpgsql AS $$
DECLARE
  last bigint;
BEGIN
  SELECT (fired_at->>p_alert)::bigint INTO last
    FROM alert_states WHERE queue_id = p_queue FOR UPDATE;
  IF NOT FOUND OR (last IS NOT NULL AND p_now - last < p_snooze_ms) THEN
    RETURN false;
  END IF;
  UPDATE alert_states SET fired_at = fired_at || jsonb_build_object(p_alert, p_now)
    WHERE queue_id = p_queue;
  RETURN true;
END
$$;

-- Tells the nodes with reserves parked on the queue that messages may be available.
CREATE OR REPLACE FUNCTION wake_listeners(p_queue bigint, p_now bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM listeners WHERE queue_id = p_queue AND until > p_now) THEN
    PERFORM pg_notify('ironmq_messages', p_queue::text);
  END IF;
END
$$;

CREATE OR REPLACE FUNCTION new_reservation_id() RETURNS text
LANGUAGE sql AS $$
  SELECT replace(gen_random_uuid()::text, '-', '')
$$;

-- Posts messages, creating the queue with p_config if it does not exist. A push queue's
-- deliveries are created with the messages, and those due now are leased to the caller, who
-- attempts them once this commits.
CREATE OR REPLACE FUNCTION post_messages(
    p_project text, p_name text, p_config jsonb, p_now bigint,
    p_bodies bytea[], p_delays integer[], p_timeouts integer[], p_expirations integer[],
    p_headers jsonb[], p_lease_ms bigint,
    OUT queue_id bigint, OUT config jsonb, OUT ids bigint[], OUT sizes bigint[],
    OUT claimed_ids bigint[], OUT claimed_keys text[], OUT claimed_reservations text[])
LANGUAGE plpgsql AS $$
DECLARE
  q queues;
  n integer := cardinality(p_bodies);
  kind text;
  attempt_now boolean;
BEGIN
  SELECT * INTO q FROM queues WHERE project_id = p_project AND name = p_name;
  IF NOT FOUND THEN
    q := ensure_queue(p_project, p_name, p_config, p_now);
  END IF;
  queue_id := q.id;
  config := q.config;
  kind := q.config->>'type';
  -- While pushing is paused, deliveries wait (as if due later) instead of being leased now.
  attempt_now := NOT coalesce((q.config->'pause'->>'push')::boolean, false);
  IF n = 1 THEN
    ids := ARRAY[nextval('message_ids')];
  ELSE
    SELECT array_agg(nextval('message_ids') ORDER BY g) INTO ids FROM generate_series(1, n) g;
  END IF;
  INSERT INTO messages (queue_id, id, body, push_headers, posted_at, expires_at, timeout,
                        visible_at, state)
    SELECT q.id, ids[m.ord], m.body, nullif(m.headers, '{}'::jsonb), p_now,
           p_now + 1000::bigint * CASE WHEN m.expiration > 0 THEN m.expiration
                                       ELSE (q.config->>'message_expiration')::integer END,
           m.timeout, p_now + 1000::bigint * m.delay,
           CASE WHEN kind = 'pull' THEN 0 ELSE 1 END
      FROM unnest(p_bodies, p_delays, p_timeouts, p_expirations, p_headers)
           WITH ORDINALITY AS m(body, delay, timeout, expiration, headers, ord);
  IF kind <> 'pull' THEN
    WITH due AS (
      INSERT INTO deliveries (queue_id, message_id, subscriber, status, tries, round, cursor,
                              last_try_at, next_attempt_at, reservation_id, results,
                              lease_until, attempt_reservation, attempt_started_at)
        SELECT q.id, ids[m.ord], s.name, 0, 0, 0, 0, 0, p_now + 1000::bigint * m.delay, '', '[]',
               CASE WHEN m.delay = 0 AND attempt_now THEN p_now + p_lease_ms END,
               CASE WHEN m.delay = 0 AND attempt_now THEN new_reservation_id() END,
               CASE WHEN m.delay = 0 AND attempt_now THEN p_now END
          FROM unnest(p_delays) WITH ORDINALITY AS m(delay, ord)
          CROSS JOIN (SELECT e->>'name' AS name
                        FROM jsonb_array_elements(q.config->'push'->'subscribers') e
                       WHERE kind = 'multicast'
                      UNION ALL
                      SELECT '' WHERE kind = 'unicast') s
        RETURNING message_id, subscriber, attempt_reservation)
    SELECT coalesce(array_agg(message_id), '{}'), coalesce(array_agg(subscriber), '{}'),
           coalesce(array_agg(attempt_reservation), '{}')
      INTO claimed_ids, claimed_keys, claimed_reservations
      FROM due WHERE attempt_reservation IS NOT NULL;
  END IF;
  INSERT INTO counters (queue_id, posted, removed) VALUES (q.id, n, 0);
  IF q.config->'alerts' <> '[]'::jsonb THEN
    sizes := watch_size(q.id, q.config);
  END IF;
  IF EXISTS (SELECT 1 FROM listeners l WHERE l.queue_id = q.id AND l.until > p_now) THEN
    PERFORM pg_notify('ironmq_messages', q.id::text);
  END IF;
END
$$;

-- Takes one candidate of a reserve: moves it to the dead-letter queue when it was reserved as
-- often as allowed, deletes it (a reserve with delete), or reserves it. Returns false for a move.
CREATE OR REPLACE FUNCTION take_message(
    p_queue queues, p_id bigint, p_now bigint, p_timeout integer, p_delete boolean,
    p_dead_letter bigint, p_max_reservations integer, p_dead_letter_expiration integer,
    INOUT reserved_count integer, INOUT timeout integer, OUT reservation_id text,
    OUT taken boolean)
LANGUAGE plpgsql AS $$
BEGIN
  IF p_dead_letter IS NOT NULL AND reserved_count >= p_max_reservations THEN
    INSERT INTO messages (queue_id, id, body, push_headers, posted_at, expires_at, timeout,
                          visible_at, reserved_count)
      SELECT p_dead_letter, m.id, m.body, m.push_headers, p_now,
             p_now + 1000::bigint * p_dead_letter_expiration, m.timeout, p_now, m.reserved_count
        FROM messages m WHERE m.queue_id = p_queue.id AND m.id = p_id;
    DELETE FROM messages m WHERE m.queue_id = p_queue.id AND m.id = p_id;
    taken := false;
    RETURN;
  END IF;
  reserved_count := reserved_count + 1;
  timeout := CASE WHEN p_timeout > 0 THEN p_timeout
                  WHEN timeout > 0 THEN timeout
                  ELSE (p_queue.config->>'message_timeout')::integer END;
  IF p_delete THEN
    DELETE FROM messages m WHERE m.queue_id = p_queue.id AND m.id = p_id;
    reservation_id := '';
  ELSE
    reservation_id := new_reservation_id();
    UPDATE messages m
       SET reserved_count = take_message.reserved_count,
           reservation_id = take_message.reservation_id,
           visible_at = p_now + 1000::bigint * take_message.timeout,
           returned = true
     WHERE m.queue_id = p_queue.id AND m.id = p_id;
  END IF;
  taken := true;
END
$$;

-- Reserves (or with p_delete, removes) up to p_count available messages: returned ones first,
-- the latest return first, then the others in the order they became available. Candidates are
-- locked with SKIP LOCKED, so concurrent reserves never wait for each other nor take the same
-- message. While reserving is paused, it takes nothing.
CREATE OR REPLACE FUNCTION reserve_messages(
    p_project text, p_name text, p_now bigint, p_count integer, p_timeout integer,
    p_delete boolean, p_dead_letter_config jsonb,
    OUT queue_id bigint, OUT config jsonb, OUT ids bigint[], OUT bodies bytea[],
    OUT reserved_counts integer[], OUT reservation_ids text[], OUT timeouts integer[],
    OUT sizes bigint[], OUT dead_lettered bigint)
LANGUAGE plpgsql AS $$
DECLARE
  q queues;
  dl queues;
  max_reservations integer;
  front boolean;
  need integer;
  got integer;
  r record;
  t record;
BEGIN
  q := queue_named(p_project, p_name);
  queue_id := q.id;
  config := q.config;
  ids := '{}'; bodies := '{}'; reserved_counts := '{}'; reservation_ids := '{}';
  timeouts := '{}'; dead_lettered := 0;
  IF coalesce((q.config->'pause'->>'reserve')::boolean, false) THEN
    RETURN;
  END IF;
  max_reservations := (q.config->'dead_letter'->>'max_reservations')::integer;
  IF max_reservations IS NOT NULL THEN
    dl := ensure_queue(p_project, q.config->'dead_letter'->>'queue_name', p_dead_letter_config,
                       p_now);
  END IF;
  FOREACH front IN ARRAY ARRAY[true, false] LOOP
    LOOP
      need := p_count - cardinality(ids);
      EXIT WHEN need <= 0;
      got := 0;
      FOR r IN
        SELECT m.id, m.body, m.reserved_count, m.timeout FROM messages m
         WHERE m.queue_id = q.id AND m.returned AND m.state = 0 AND m.visible_at <= p_now
           AND m.expires_at > p_now AND front
         ORDER BY m.visible_at DESC, m.id DESC
         LIMIT need FOR UPDATE SKIP LOCKED
      LOOP
        got := got + 1;
        t := take_message(q, r.id, p_now, p_timeout, p_delete, dl.id, max_reservations,
                          (dl.config->>'message_expiration')::integer, r.reserved_count,
                          r.timeout);
        IF t.taken THEN
          ids := ids || r.id; bodies := bodies || r.body;
          reserved_counts := reserved_counts || t.reserved_count;
          reservation_ids := reservation_ids || t.reservation_id;
          timeouts := timeouts || t.timeout;
        ELSE
          dead_lettered := dead_lettered + 1;
        END IF;
      END LOOP;
      FOR r IN
        SELECT m.id, m.body, m.reserved_count, m.timeout FROM messages m
         WHERE m.queue_id = q.id AND NOT m.returned AND m.state = 0 AND m.visible_at <= p_now
           AND m.expires_at > p_now AND NOT front
         ORDER BY m.visible_at, m.id
         LIMIT need FOR UPDATE SKIP LOCKED
      LOOP
        got := got + 1;
        t := take_message(q, r.id, p_now, p_timeout, p_delete, dl.id, max_reservations,
                          (dl.config->>'message_expiration')::integer, r.reserved_count,
                          r.timeout);
        IF t.taken THEN
          ids := ids || r.id; bodies := bodies || r.body;
          reserved_counts := reserved_counts || t.reserved_count;
          reservation_ids := reservation_ids || t.reservation_id;
          timeouts := timeouts || t.timeout;
        ELSE
          dead_lettered := dead_lettered + 1;
        END IF;
      END LOOP;
      EXIT WHEN got < need;
    END LOOP;
  END LOOP;
  IF dead_lettered > 0 THEN
    PERFORM count_change(dl.id, dead_lettered, 0);
    PERFORM wake_listeners(dl.id, p_now);
  END IF;
  IF p_delete OR dead_lettered > 0 THEN
    PERFORM count_change(q.id, 0,
                         dead_lettered + CASE WHEN p_delete THEN cardinality(ids) ELSE 0 END);
    sizes := watch_size(q.id, q.config);
  END IF;
END
$$;

-- The reservation rules of delete: a reserved message needs its current reservation id; an
-- unreserved one must be shown none (API v3). API v1 (p_check false) shows none and is not
-- checked.
CREATE OR REPLACE FUNCTION check_may_delete(m messages, p_reservation text, p_check boolean,
                                            p_now bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF NOT p_check THEN
    RETURN;
  END IF;
  IF m.state = 2 THEN
    IF p_reservation IS NOT NULL THEN
      RAISE EXCEPTION 'Reservation timed out or was replaced' USING ERRCODE = 'IR403';
    END IF;
  ELSIF m.reservation_id IS NOT NULL AND m.visible_at > p_now AND m.state = 0 THEN
    IF p_reservation IS NULL THEN
      RAISE EXCEPTION 'Message is reserved; its reservation_id is required to delete it'
        USING ERRCODE = 'IR403';
    END IF;
    IF p_reservation <> m.reservation_id THEN
      RAISE EXCEPTION 'Reservation timed out or was replaced' USING ERRCODE = 'IR403';
    END IF;
  ELSIF p_reservation IS NOT NULL THEN
    RAISE EXCEPTION 'Reservation timed out or was replaced' USING ERRCODE = 'IR403';
  END IF;
END
$$;

-- Deletes the given messages, or none of them when any is missing or held by another
-- reservation (one id alone is a delete of one message).
CREATE OR REPLACE FUNCTION delete_messages(
    p_project text, p_name text, p_now bigint, p_ids bigint[],
    p_reservations text[], p_check boolean,
    OUT queue_id bigint, OUT config jsonb, OUT sizes bigint[])
LANGUAGE plpgsql AS $$
DECLARE
  q queues;
  m messages;
  i integer;
  counted bigint := 0;
BEGIN
  q := queue_named(p_project, p_name);
  queue_id := q.id;
  config := q.config;
  FOR i IN 1..cardinality(p_ids) LOOP
    SELECT * INTO m FROM messages
     WHERE messages.queue_id = q.id AND id = p_ids[i] AND (expires_at > p_now OR state = 2)
       FOR UPDATE;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'Message not found' USING ERRCODE = 'IM404';
    END IF;
    PERFORM check_may_delete(m, p_reservations[i], p_check, p_now);
  END LOOP;
  WITH gone AS (
    DELETE FROM messages WHERE messages.queue_id = q.id AND id = ANY(p_ids) RETURNING state)
  SELECT count(*) FILTER (WHERE state IN (0, 1)) INTO counted FROM gone;
  DELETE FROM deliveries WHERE deliveries.queue_id = q.id AND message_id = ANY(p_ids);
  IF counted > 0 THEN
    PERFORM count_change(q.id, 0, counted);
    sizes := watch_size(q.id, q.config);
  END IF;
END
$$;

-- The reserved message under the reservation claimed (any, when p_check is false), locked.
CREATE OR REPLACE FUNCTION reserved_message(p_queue bigint, p_id bigint, p_reservation text,
                                            p_check boolean, p_now bigint) RETURNS messages
LANGUAGE plpgsql AS $$
DECLARE
  m messages;
BEGIN
  SELECT * INTO m FROM messages
   WHERE queue_id = p_queue AND id = p_id AND expires_at > p_now AND state IN (0, 1, 3)
     FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'Message not found' USING ERRCODE = 'IM404';
  END IF;
  IF m.state <> 0 OR m.reservation_id IS NULL OR m.visible_at <= p_now THEN
    RAISE EXCEPTION 'Message is not reserved; its reservation has ended' USING ERRCODE = 'IR403';
  END IF;
  IF p_check AND (p_reservation IS NULL OR p_reservation <> m.reservation_id) THEN
    RAISE EXCEPTION 'Reservation timed out or was replaced' USING ERRCODE = 'IR403';
  END IF;
  RETURN m;
END
$$;

-- Gives a reserved message a new reservation of p_timeout seconds (or its own, or the queue's).
CREATE OR REPLACE FUNCTION touch_message(
    p_project text, p_name text, p_now bigint, p_id bigint, p_reservation text,
    p_check boolean, p_timeout integer,
    OUT body bytea, OUT reserved_count integer, OUT reservation_id text, OUT timeout integer)
LANGUAGE plpgsql AS $$
DECLARE
  q queues;
  m messages;
BEGIN
  q := queue_named(p_project, p_name);
  m := reserved_message(q.id, p_id, p_reservation, p_check, p_now);
  timeout := CASE WHEN p_timeout > 0 THEN p_timeout
                  WHEN m.timeout > 0 THEN m.timeout
                  ELSE (q.config->>'message_timeout')::integer END;
  reservation_id := new_reservation_id();
  reserved_count := m.reserved_count + 1;
  body := m.body;
  UPDATE messages
     SET reservation_id = touch_message.reservation_id,
         reserved_count = touch_message.reserved_count,
         visible_at = p_now + 1000::bigint * touch_message.timeout
   WHERE queue_id = q.id AND id = p_id;
END
$$;

-- Ends a reservation early: the message returns to the front after p_delay seconds.
CREATE OR REPLACE FUNCTION release_message(
    p_project text, p_name text, p_now bigint, p_id bigint, p_reservation text,
    p_check boolean, p_delay integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  q queues;
  m messages;
BEGIN
  q := queue_named(p_project, p_name);
  m := reserved_message(q.id, p_id, p_reservation, p_check, p_now);
  UPDATE messages
     SET reservation_id = NULL, visible_at = p_now + 1000::bigint * p_delay, returned = true
   WHERE queue_id = q.id AND id = p_id;
  IF p_delay = 0 THEN
    PERFORM wake_listeners(q.id, p_now);
  END IF;
END
$$;

-- Removes every message of a queue, reserved or not, delivered push messages included.
CREATE OR REPLACE FUNCTION clear_messages(
    p_project text, p_name text, p_now bigint,
    OUT queue_id bigint, OUT config jsonb, OUT sizes bigint[])
LANGUAGE plpgsql AS $$
DECLARE
  q queues;
  counted bigint;
BEGIN
  q := queue_named(p_project, p_name);
  queue_id := q.id;
  config := q.config;
  WITH gone AS (DELETE FROM messages WHERE messages.queue_id = q.id RETURNING state)
  SELECT count(*) FILTER (WHERE state IN (0, 1)) INTO counted FROM gone;
  DELETE FROM deliveries WHERE deliveries.queue_id = q.id;
  IF counted > 0 THEN
    PERFORM count_change(q.id, 0, counted);
    sizes := watch_size(q.id, q.config);
  END IF;
END
$$;

-- Removes the queue's expired messages (and delivered push messages past p_retention_ms) and
-- counts them out, a batch at a time; returns how many it removed.
CREATE OR REPLACE FUNCTION expire_messages(p_queue bigint, p_now bigint, p_retention_ms bigint,
                                           p_limit integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  counted bigint;
  gone_ids bigint[];
BEGIN
  WITH doomed AS (
    SELECT id FROM messages
     WHERE queue_id = p_queue
       AND ((state <> 2 AND expires_at <= p_now)
            OR (state = 2 AND finished_at + p_retention_ms <= p_now))
     LIMIT p_limit FOR UPDATE SKIP LOCKED),
  gone AS (
    DELETE FROM messages m USING doomed
     WHERE m.queue_id = p_queue AND m.id = doomed.id RETURNING m.id, m.state)
  SELECT count(*) FILTER (WHERE state IN (0, 1)), coalesce(array_agg(id), '{}')
    INTO counted, gone_ids FROM gone;
  IF cardinality(gone_ids) > 0 THEN
    DELETE FROM deliveries WHERE queue_id = p_queue AND message_id = ANY(gone_ids);
  END IF;
  IF counted > 0 THEN
    PERFORM count_change(p_queue, 0, counted);
  END IF;
  RETURN cardinality(gone_ids);
END
$$;

-- A queue's settings and counters, once what expired in it is gone.
CREATE OR REPLACE FUNCTION queue_info(
    p_project text, p_name text, p_now bigint, p_retention_ms bigint,
    OUT config jsonb, OUT size bigint, OUT total bigint)
LANGUAGE plpgsql AS $$
DECLARE
  q queues;
BEGIN
  q := queue_named(p_project, p_name);
  PERFORM expire_messages(q.id, p_now, p_retention_ms, 10000);
  config := q.config;
  SELECT coalesce(sum(posted) - sum(removed), 0), coalesce(sum(posted), 0) INTO size, total
    FROM counters WHERE queue_id = q.id;
END
$$;

-- Removes a queue; its messages and deliveries go a batch at a time, later.
CREATE OR REPLACE FUNCTION drop_queue(p_project text, p_name text) RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
  q queues;
BEGIN
  q := queue_named(p_project, p_name);
  DELETE FROM queues WHERE id = q.id;
  DELETE FROM counters WHERE queue_id = q.id;
  DELETE FROM alert_states WHERE queue_id = q.id;
  DELETE FROM queue_stats WHERE queue_id = q.id;
  INSERT INTO dropped_queues (queue_id) VALUES (q.id);
  PERFORM pg_notify('ironmq_messages', q.id::text);
  RETURN q.id;
END
$$;

-- Removes up to p_limit messages of dropped queues, and forgets a dropped queue once it is empty;
-- returns how many it removed.
CREATE OR REPLACE FUNCTION purge_dropped(p_limit integer) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  dropped bigint;
  removed integer := 0;
  n integer;
BEGIN
  FOR dropped IN SELECT queue_id FROM dropped_queues LIMIT 10 LOOP
    DELETE FROM messages WHERE ctid IN
      (SELECT ctid FROM messages WHERE queue_id = dropped LIMIT p_limit);
    GET DIAGNOSTICS n = ROW_COUNT;
    DELETE FROM deliveries WHERE ctid IN
      (SELECT ctid FROM deliveries WHERE queue_id = dropped LIMIT p_limit);
    removed := removed + n;
    -- History a node recorded for the queue as it was being dropped.
    DELETE FROM queue_stats WHERE queue_id = dropped;
    IF n < p_limit AND NOT EXISTS (SELECT 1 FROM deliveries WHERE queue_id = dropped) THEN
      DELETE FROM dropped_queues WHERE queue_id = dropped;
    END IF;
  END LOOP;
  RETURN removed;
END
$$;
