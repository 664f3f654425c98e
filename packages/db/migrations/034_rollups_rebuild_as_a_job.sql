-- Purpose: a change of an organization's time zone no longer rebuilds its daily rollups (031) inside the
-- request that changes it. That rebuild is one pass over every call of the organization: for hundreds of
-- thousands of calls it outlasts the API's statement timeout, and the change fails. The change now queues
-- a job in its own transaction (never lost, never queued by a change that rolled back); the worker tier
-- rebuilds the rollups in the new zone a week of calls at a time; until it is done the Analytics page
-- aggregates the calls of its range itself (docs/analytics.md "Speed"), so it never shows days of the old zone.
-- Touches: call_daily_rollups (column time_zone, now in the primary key; delete for switchboard_worker);
-- call_daily_rollup_zones (new); schema analytics: refresh_days(), rebuild_start(), rebuild_window(),
-- rebuild_finish(), organization_created() (new), refresh_rollups(), rebuild_rollups(),
-- organization_time_zone_changed() (replaced); trigger organizations_rollups_created.
--
-- - Every rollup row says the time zone its days are in, and call_daily_rollup_zones says per organization
--   the zone whose rows are complete (hold every finalized call). The Analytics page reads rollup rows only
--   when that zone is the organization's current one, and only the rows of that zone; otherwise it
--   aggregates the calls of the range with analytics.call_slices, the function that computes a row, so the
--   figures are the same either way (packages/core/src/analytics/get-analytics.ts).
-- - A refresh (a call's finalization, a late debit, a late turn or tool call) recomputes the calls' days in
--   the complete zone and, when the organization's current zone differs (a rebuild is due or running), in
--   the current zone too: the rows of the zone being built stay right while it is built.
-- - The time zone trigger queues `rebuild_rollups` (packages/core/src/analytics/rebuild-rollups.ts) with a job
--   key and a queue per organization: a second change before the job runs replaces the waiting job (one
--   rebuild), a change while one runs queues another that runs after it. The job reads the zone when it runs
--   and builds that one, whatever zone it was queued for; it stops when the zone changes under it (the job
--   that change queued takes over), and it finds nothing to do when the zone is complete already (a retry,
--   a change and its undo).
-- - The rebuild, in short transactions: rebuild_start takes the exclusive lock of 031 once, which waits for
--   the refreshes in flight (every later refresh sees the new zone and keeps its rows); rebuild_window then
--   recomputes the rows of a few days of calls under the shared lock, like a refresh (every statement far
--   from the statement timeout; refreshes never wait for the whole rebuild); rebuild_finish, if the zone is
--   still the one built, records it complete and deletes the rows of other zones. Every step recomputes
--   from the calls: run twice, or retried after a failure, it writes the same rows.
-- - Rights: the rebuild's functions run as the worker role in the organization's tenant transaction
--   (security invoker, under the policies: another organization's calls and rows are invisible to it), and
--   only that role may execute them. The API only changes the time zone: the trigger that queues the job,
--   like the one that records a new organization's zone, runs as the owner (security definer).

-- ── Rows by zone ────────────────────────────────────────────────────────────────────────────────────────
create table call_daily_rollup_zones (
  organization_id uuid primary key references organizations (id) on delete cascade,
  -- The zone whose call_daily_rollups rows hold every finalized call of the organization.
  time_zone text not null,
  updated_at timestamptz not null default now()
);

-- The rows so far were built in each organization's current zone (031 rebuilt them in the transaction of
-- every change), so that zone is complete. The owner passes the policies while they are not forced,
-- superuser or not: for these two statements only.
alter table call_daily_rollups add column time_zone text;
alter table organizations no force row level security;
alter table call_daily_rollups no force row level security;
update call_daily_rollups r set time_zone = o.time_zone from organizations o where o.id = r.organization_id;
insert into call_daily_rollup_zones (organization_id, time_zone) select o.id, o.time_zone from organizations o;
alter table organizations force row level security;
alter table call_daily_rollups force row level security;
alter table call_daily_rollups alter column time_zone set not null;
alter table call_daily_rollups drop constraint call_daily_rollups_pkey,
  add primary key (organization_id, agent_id, day, time_zone);

alter table call_daily_rollup_zones enable row level security;
alter table call_daily_rollup_zones force row level security;
create policy call_daily_rollup_zones_select on call_daily_rollup_zones for select
  using (organization_id = tenancy.org_id() or tenancy.is_system());
create policy call_daily_rollup_zones_insert on call_daily_rollup_zones for insert
  with check (organization_id = tenancy.org_id());
create policy call_daily_rollup_zones_update on call_daily_rollup_zones for update
  using (organization_id = tenancy.org_id())
  with check (organization_id = tenancy.org_id());
-- No role may delete a marker (no grant; the organization's deletion cascades as the owner); the policy
-- keeps the rule of one policy per command should a grant ever be added.
create policy call_daily_rollup_zones_delete on call_daily_rollup_zones for delete
  using (organization_id = tenancy.org_id());

grant select on call_daily_rollup_zones to switchboard_app, switchboard_worker, switchboard_system;
grant insert, update on call_daily_rollup_zones to switchboard_worker;
-- The rebuild deletes the rows of other zones (031's delete policy: the tenant's own rows).
grant delete on call_daily_rollups to switchboard_worker;

-- ── Functions ───────────────────────────────────────────────────────────────────────────────────────────
-- Recomputes the rows of the given agents' days (pairwise) in p_zone from the finalized calls of those days
-- (031's refresh, for one zone). Each row is inserted empty if missing and locked before the recompute,
-- whose statement then sees every finalization committed before (read committed: a new snapshot per
-- statement); rows are locked in key order.
create function analytics.refresh_days(p_organization_id uuid, p_zone text, p_agents uuid[], p_days date[])
returns void
language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
  slice record;
begin
  insert into public.call_daily_rollups (organization_id, agent_id, day, time_zone)
  select p_organization_id, k.agent_id, k.day, p_zone from unnest(p_agents, p_days) as k (agent_id, day)
  on conflict do nothing;
  perform 1
     from public.call_daily_rollups r
     join unnest(p_agents, p_days) as k (agent_id, day) on r.agent_id = k.agent_id and r.day = k.day
    where r.organization_id = p_organization_id and r.time_zone = p_zone
    order by r.agent_id, r.day
      for update of r;
  -- One agent's day at a time, so that each reads its calls by calls_analytics_agent_idx.
  for slice in select k.agent_id, k.day from unnest(p_agents, p_days) as k (agent_id, day) loop
    update public.call_daily_rollups r
       set calls = coalesce(s.calls, 0), timed_calls = coalesce(s.timed_calls, 0),
           duration_seconds = coalesce(s.duration_seconds, 0),
           cost_millicredits = coalesce(s.cost_millicredits, 0),
           end_reasons = coalesce(s.end_reasons, '{}'), hours = coalesce(s.hours, '{}'),
           turns = coalesce(s.turns, 0), latency = coalesce(s.latency, '{}'), tools = coalesce(s.tools, '{}'),
           refreshed_at = now()
      from (select) as one
      left join analytics.call_slices(p_zone, array(
        select c.id
          from public.calls c
         where c.organization_id = p_organization_id and c.agent_id = slice.agent_id
           and c.created_at >= slice.day::timestamp at time zone p_zone
           and c.created_at < (slice.day + 1)::timestamp at time zone p_zone
           and c.finalized_at is not null)) s on true
     where r.organization_id = p_organization_id and r.agent_id = slice.agent_id and r.day = slice.day
       and r.time_zone = p_zone;
  end loop;
end $$;

-- 031's refresh, in the complete zone and in the current one when it differs (sorted: two refreshes lock
-- the rows of two zones in the same order).
create or replace function analytics.refresh_rollups(p_call_ids uuid[]) returns void
language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
  org record;
  v_zone text;
  v_agents uuid[];
  v_days date[];
begin
  for org in
    select distinct c.organization_id as id
      from public.calls c
     where c.id = any(p_call_ids) and c.finalized_at is not null
     order by 1
  loop
    perform pg_advisory_xact_lock_shared(analytics.lock_key(org.id));
    -- After the lock: a rebuild started or finished meanwhile is seen.
    for v_zone in
      select m.time_zone from public.call_daily_rollup_zones m where m.organization_id = org.id
      union
      select o.time_zone from public.organizations o where o.id = org.id
      order by 1
    loop
      select array_agg(k.agent_id order by k.agent_id, k.day), array_agg(k.day order by k.agent_id, k.day)
        into v_agents, v_days
        from (select distinct c.agent_id, (c.created_at at time zone v_zone)::date as day
                from public.calls c
               where c.id = any(p_call_ids) and c.organization_id = org.id and c.finalized_at is not null) k;
      perform analytics.refresh_days(org.id, v_zone, v_agents, v_days);
    end loop;
  end loop;
end $$;

-- Every rollup row of an organization from its finalized calls in one statement, in its current zone,
-- recorded complete: the bulk build (bench/analytics.ts builds its seeded calls' rows with it, as 031's
-- backfill did), run by the owner only. Changes of time zone go through the job below.
create or replace function analytics.rebuild_rollups(p_organization_id uuid) returns void
language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
  v_zone text;
begin
  perform pg_advisory_xact_lock(analytics.lock_key(p_organization_id));
  select o.time_zone into v_zone from public.organizations o where o.id = p_organization_id;
  delete from public.call_daily_rollups r where r.organization_id = p_organization_id;
  insert into public.call_daily_rollups (organization_id, agent_id, day, time_zone, calls, timed_calls,
    duration_seconds, cost_millicredits, end_reasons, hours, turns, latency, tools)
  select s.organization_id, s.agent_id, s.day, v_zone, s.calls, s.timed_calls, s.duration_seconds,
         s.cost_millicredits, s.end_reasons, s.hours, s.turns, s.latency, s.tools
    from analytics.call_slices(v_zone, array(
      select c.id from public.calls c where c.organization_id = p_organization_id and c.finalized_at is not null)) s;
  insert into public.call_daily_rollup_zones (organization_id, time_zone) values (p_organization_id, v_zone)
  on conflict (organization_id) do update set time_zone = excluded.time_zone, updated_at = now();
end $$;

-- The rebuild's first step: the zone to build and the local days its finalized calls span so far (null
-- when there are none), or no row when there is nothing to build (the current zone is complete; the
-- organization is gone or not this transaction's). The exclusive lock waits for every refresh in flight.
create function analytics.rebuild_start(p_organization_id uuid)
returns table (zone text, first_day date, last_day date)
language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
  v_zone text;
begin
  perform pg_advisory_xact_lock(analytics.lock_key(p_organization_id));
  select o.time_zone into v_zone from public.organizations o where o.id = p_organization_id;
  if v_zone is null then
    return;
  end if;
  if exists (select from public.call_daily_rollup_zones m
              where m.organization_id = p_organization_id and m.time_zone = v_zone) then
    -- Rows of a zone that was current for a while (a change and its undo) are of no use.
    delete from public.call_daily_rollups r where r.organization_id = p_organization_id and r.time_zone <> v_zone;
    return;
  end if;
  return query
    select v_zone, (min(c.created_at) at time zone v_zone)::date, (max(c.created_at) at time zone v_zone)::date
      from public.calls c
     where c.organization_id = p_organization_id and c.finalized_at is not null;
end $$;

-- Recomputes the rows of the local days p_from to p_to (both included) in p_zone, from the finalized calls
-- of those days; false, computing nothing, when p_zone is no longer the organization's zone.
create function analytics.rebuild_window(p_organization_id uuid, p_zone text, p_from date, p_to date)
returns boolean
language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
  v_agents uuid[];
  v_days date[];
begin
  perform pg_advisory_xact_lock_shared(analytics.lock_key(p_organization_id));
  if not exists (select from public.organizations o where o.id = p_organization_id and o.time_zone = p_zone) then
    return false;
  end if;
  select array_agg(k.agent_id order by k.agent_id, k.day), array_agg(k.day order by k.agent_id, k.day)
    into v_agents, v_days
    from (select distinct c.agent_id, (c.created_at at time zone p_zone)::date as day
            from public.calls c
           where c.organization_id = p_organization_id and c.finalized_at is not null
             and c.created_at >= p_from::timestamp at time zone p_zone
             and c.created_at < (p_to + 1)::timestamp at time zone p_zone) k;
  perform analytics.refresh_days(p_organization_id, p_zone, v_agents, v_days);
  return true;
end $$;

-- The rebuild's last step: records p_zone complete and deletes the rows of other zones; false, changing
-- nothing, when p_zone is no longer the organization's zone.
create function analytics.rebuild_finish(p_organization_id uuid, p_zone text) returns boolean
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  perform pg_advisory_xact_lock(analytics.lock_key(p_organization_id));
  if not exists (select from public.organizations o where o.id = p_organization_id and o.time_zone = p_zone) then
    return false;
  end if;
  insert into public.call_daily_rollup_zones (organization_id, time_zone) values (p_organization_id, p_zone)
  on conflict (organization_id) do update set time_zone = excluded.time_zone, updated_at = now();
  delete from public.call_daily_rollups r where r.organization_id = p_organization_id and r.time_zone <> p_zone;
  return true;
end $$;

-- ── Triggers ────────────────────────────────────────────────────────────────────────────────────────────
-- Security definer: the API changes the time zone and may not queue jobs by itself (jobs.enqueue has no job
-- key). The task name is REBUILD_ROLLUPS_TASK; ten attempts, graphile-worker's backoff between them.
create or replace function analytics.organization_time_zone_changed() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  perform graphile_worker.add_job('rebuild_rollups', json_build_object('organizationId', new.id),
    queue_name => 'rebuild_rollups:' || new.id::text, max_attempts => 10,
    job_key => 'rebuild_rollups:' || new.id::text);
  return null;
end $$;

-- A new organization has no calls: its zone is complete. Security definer: the API creates organizations
-- (in the new organization's tenant transaction, whose policies this insert runs under).
create function analytics.organization_created() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  insert into public.call_daily_rollup_zones (organization_id, time_zone) values (new.id, new.time_zone);
  return null;
end $$;

create trigger organizations_rollups_created after insert on organizations
  for each row execute function analytics.organization_created();

revoke all on all functions in schema analytics from public;
grant execute on function analytics.refresh_days(uuid, text, uuid[], date[])
  to switchboard_worker, switchboard_system;
grant execute on function analytics.rebuild_start(uuid), analytics.rebuild_window(uuid, text, date, date),
  analytics.rebuild_finish(uuid, text)
  to switchboard_worker;
