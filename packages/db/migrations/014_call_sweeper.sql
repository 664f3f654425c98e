-- Purpose: let the system door finalize calls, for the two closers that see every tenant: LiveKit's
-- room_finished webhook and the stale-call sweeper (a job of the worker tier's runner, docs/operations/stale-calls.md).
-- Touches: grants on calls to switchboard_system.
-- Before this, a call the webhook closed stayed without finalized_at and cost, and a call whose worker died
-- or whose room never existed stayed open forever. Closing a call finalizes it once: ended_at, duration,
-- end reason, finalized_at and cost (0 until billing exists); usage stays what the worker wrote during the
-- call. The sweeper scans open calls through calls_open_heartbeat_idx (013); it reads worker_heartbeat_at
-- under the table-wide select of 010.

grant update (finalized_at, cost_credits) on calls to switchboard_system;
