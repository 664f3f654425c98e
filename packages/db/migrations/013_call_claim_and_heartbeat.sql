-- Purpose: a call runs once, and a crashed worker loses at most a few seconds of it.
-- Touches: calls (claimed_at, worker_id, worker_heartbeat_at).
-- The voice worker claims a call row atomically before it runs the call (a replayed token finds it claimed
-- and is refused), then writes a heartbeat with the duration and usage so far every few seconds. A call with
-- no finalized_at whose heartbeat has gone stale belongs to a worker that is gone: the sweeper closes it.
-- switchboard_worker already holds table-wide update on calls, switchboard_system table-wide select.

alter table calls
  add column claimed_at timestamptz,
  add column worker_id text,
  add column worker_heartbeat_at timestamptz;

-- The sweeper's scan: open calls, oldest heartbeat first.
create index calls_open_heartbeat_idx on calls (worker_heartbeat_at) where finalized_at is null;
