-- Purpose: jobs that must not overlap run one after another. graphile-worker runs the jobs of one named
-- queue in series; the phone number syncs (docs/phone.md) use one queue per number, so two changes of the
-- same number (assign, then reassign at once) never run side by side and race into a duplicate LiveKit
-- dispatch rule or inbound trunk.
-- Touches: function jobs.enqueue (a second form with a queue name); grants on it.
-- Like the first form (001) it is security definer: the service roles queue jobs without any privilege on
-- graphile_worker's tables.

create function jobs.enqueue(task text, payload json, max_attempts integer, queue_name text) returns void
  language sql volatile security definer
  set search_path = pg_catalog
  as $$ select graphile_worker.add_job(task, payload, queue_name => queue_name, max_attempts => max_attempts) $$;

revoke all on function jobs.enqueue(text, json, integer, text) from public;
grant execute on function jobs.enqueue(text, json, integer, text) to switchboard_app, switchboard_worker;
