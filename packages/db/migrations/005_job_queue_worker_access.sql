-- Purpose: let the job runner, which connects as switchboard_worker, work graphile-worker's queue.
-- graphile-worker enables row-level security on its private tables and adds no policy, so only their owner
-- sees rows: with the grants of 001 alone the worker role could neither register a task nor pick up a job,
-- and no email was ever delivered. The app role still only enqueues, through jobs.enqueue.
-- Touches: policies on graphile_worker._private_jobs, _private_job_queues, _private_tasks,
-- _private_known_crontabs.

create policy worker_all on graphile_worker._private_jobs
  for all to switchboard_worker using (true) with check (true);
create policy worker_all on graphile_worker._private_job_queues
  for all to switchboard_worker using (true) with check (true);
create policy worker_all on graphile_worker._private_tasks
  for all to switchboard_worker using (true) with check (true);
create policy worker_all on graphile_worker._private_known_crontabs
  for all to switchboard_worker using (true) with check (true);
