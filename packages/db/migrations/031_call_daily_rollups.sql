-- Purpose: daily rollups of the calls, so that the Analytics page over a whole year reads a few thousand
-- rows instead of every call, turn and tool call of the year (docs/performance.md "Analytics at 1,000,000
-- calls"), with results equal to aggregating the calls themselves.
-- Touches: call_daily_rollups (new); schema analytics with ms_bucket(), call_slices(), refresh_rollups(),
-- rebuild_rollups() and the trigger functions; triggers on calls, call_turns, call_tool_calls and
-- organizations (time_zone); a partial index of the open calls; select on call_turns and call_tool_calls for
-- switchboard_system.
--
-- One row per organization, agent and day (the organization's time zone, the day the call was created):
-- the calls of that day that are finalized, and everything in them (their turns and tool calls count on the
-- call's day, like its minutes and cost). Calls not finalized yet are never in a rollup: the analytics
-- aggregate them live (analytics.call_slices over the open calls, few and found through the partial
-- index), so "today" and any call still running are exact too.
--
-- Kept in the transaction of the change, by triggers, so no write path can forget it and no reader ever
-- sees a finalized call missing from its day: a call's finalization (worker, webhook, sweeper), a late debit
-- of a finalized call, a turn or tool call written after it. A refresh recomputes the whole day of that
-- agent from the calls (not an increment), so a call finalized twice, or corrected later, counts once with
-- its latest values. Concurrent refreshes of one row serialize on its row lock, taken before the recompute,
-- whose statement then sees every finalization committed before (read committed: a new snapshot per
-- statement). Rows are locked in key order. A change of the organization's time zone moves every call to
-- another day: it rebuilds the organization's rows in the same transaction (one pass over its calls), and
-- an advisory lock per organization keeps refreshes from computing days in the old zone meanwhile.
--
-- Sums are exact. Latency and tool-call percentiles come from histograms (analytics.ms_bucket: buckets 10%
-- wide, each counted under its middle value). The analytics compute percentile_cont over those, so a
-- percentile is within 5% (and half a millisecond) of the exact one; the histograms of any days add up,
-- which exact percentiles do not.
--
-- The refresh runs with the rights of whoever changed the call (security invoker, like debit_call in 029):
-- the worker in its tenant transaction, or the system door for the webhook and the sweeper, under the
-- policies below. Only those two write rollups; the API reads them. The rebuild on a time zone change runs as
-- the owner (a security definer trigger function): the API changes the time zone, and may not write rollups.

create table call_daily_rollups (
  organization_id uuid not null references organizations (id) on delete cascade,
  agent_id uuid not null,
  day date not null,
  calls integer not null default 0,
  -- Calls with a duration (the average divides by these), their seconds, their cost.
  timed_calls integer not null default 0,
  duration_seconds bigint not null default 0,
  cost_millicredits bigint not null default 0,
  -- {end reason: calls}
  end_reasons jsonb not null default '{}',
  -- {local hour 0-23: calls}; the weekday is the day's.
  hours jsonb not null default '{}',
  turns integer not null default 0,
  -- {measure: {bucket ms: turns}} for endOfUtterance, firstToken, firstAudio, tool (analytics.ms_bucket)
  latency jsonb not null default '{}',
  -- {function: {calls, errors, durations: {bucket ms: tool calls}}}
  tools jsonb not null default '{}',
  refreshed_at timestamptz not null default now(),
  primary key (organization_id, agent_id, day),
  foreign key (organization_id, agent_id) references agents (organization_id, id) on delete cascade
);

alter table call_daily_rollups enable row level security;
alter table call_daily_rollups force row level security;
create policy call_daily_rollups_select on call_daily_rollups for select
  using (organization_id = tenancy.org_id() or tenancy.is_system());
create policy call_daily_rollups_insert on call_daily_rollups for insert
  with check (organization_id = tenancy.org_id() or tenancy.is_system());
create policy call_daily_rollups_update on call_daily_rollups for update
  using (organization_id = tenancy.org_id() or tenancy.is_system())
  with check (organization_id = tenancy.org_id() or tenancy.is_system());
create policy call_daily_rollups_delete on call_daily_rollups for delete
  using (organization_id = tenancy.org_id());

grant select on call_daily_rollups to switchboard_app;
grant select, insert, update on call_daily_rollups to switchboard_worker, switchboard_system;
-- The sweeper's and the webhook's refreshes read the turns and tool calls of the calls they close (their
-- select policies already admit the system door).
grant select on call_turns, call_tool_calls to switchboard_system;

-- The open calls of an organization by day: what the analytics aggregate live.
create index calls_open_by_org_idx on calls (organization_id, created_at) where finalized_at is null;

create schema analytics;
grant usage on schema analytics to switchboard_app, switchboard_worker, switchboard_system;

-- The histogram bucket of a latency in milliseconds, as the value that stands for it: below 20 ms the
-- millisecond; above, buckets 10% wide on a log scale, each standing for its geometric middle rounded to the
-- millisecond, so within 5% (and half a millisecond) of any value in it. About 24 buckets per tenfold range:
-- a day's histogram has tens of entries, and a year of them sums fast.
create function analytics.ms_bucket(ms double precision) returns double precision
language sql immutable parallel safe as $$
  select case
    when ms < 20 then round(ms)
    else round(exp((floor(ln(ms) / ln(1.1)) + 0.5) * ln(1.1)))
  end
$$;

-- The rollup rows of the given calls, computed from the calls, their turns and tool calls: one row per
-- organization, agent and day (in p_time_zone) the calls were created on. Runs with the caller's rights:
-- the analytics run it over the open calls as the API, the refresh over a day's finalized calls.
create function analytics.call_slices(p_time_zone text, p_call_ids uuid[])
returns table (
  organization_id uuid, agent_id uuid, day date, calls integer, timed_calls integer, duration_seconds bigint,
  cost_millicredits bigint, end_reasons jsonb, hours jsonb, turns integer, latency jsonb, tools jsonb)
language sql stable as $$
  with c as (
    select c.id, c.organization_id, c.agent_id,
           (c.created_at at time zone p_time_zone)::date as day,
           extract(hour from c.created_at at time zone p_time_zone)::integer as hour,
           coalesce(c.end_reason,
                    case when c.status in ('created', 'active') then 'in_progress' else c.status end) as reason,
           c.duration_seconds, c.cost_millicredits
      from public.calls c
     where c.id = any(p_call_ids)
  ),
  totals as (
    select c.organization_id, c.agent_id, c.day, count(*)::integer as calls,
           count(c.duration_seconds)::integer as timed_calls,
           coalesce(sum(c.duration_seconds), 0)::bigint as duration_seconds,
           coalesce(sum(c.cost_millicredits), 0)::bigint as cost_millicredits
      from c group by 1, 2, 3
  ),
  reasons as (
    select r.organization_id, r.agent_id, r.day, jsonb_object_agg(r.reason, r.calls) as end_reasons
      from (select c.organization_id, c.agent_id, c.day, c.reason, count(*) as calls from c group by 1, 2, 3, 4) r
     group by 1, 2, 3
  ),
  hours as (
    select h.organization_id, h.agent_id, h.day, jsonb_object_agg(h.hour, h.calls) as hours
      from (select c.organization_id, c.agent_id, c.day, c.hour, count(*) as calls from c group by 1, 2, 3, 4) h
     group by 1, 2, 3
  ),
  turn_counts as (
    select c.organization_id, c.agent_id, c.day, count(*)::integer as turns
      from c join public.call_turns t on t.call_id = c.id
     group by 1, 2, 3
  ),
  latency as (
    select m.organization_id, m.agent_id, m.day, jsonb_object_agg(m.measure, m.buckets) as latency
      from (
        select b.organization_id, b.agent_id, b.day, b.measure, jsonb_object_agg(b.bucket, b.turns) as buckets
          from (
            select c.organization_id, c.agent_id, c.day, v.measure, analytics.ms_bucket(v.ms)::text as bucket,
                   count(*) as turns
              from c
              join public.call_turns t on t.call_id = c.id
             cross join lateral (values
               ('endOfUtterance', t.end_of_utterance_ms::float8),
               ('firstToken', t.first_token_ms::float8),
               ('firstAudio', t.first_audio_ms::float8),
               -- tool time counts only turns that called a function
               ('tool', case when t.tool_calls > 0 then t.tool_ms::float8 end)) as v (measure, ms)
             where v.ms is not null
             group by 1, 2, 3, 4, 5
          ) b
         group by 1, 2, 3, 4
      ) m
     group by 1, 2, 3
  ),
  tools as (
    select f.organization_id, f.agent_id, f.day,
           jsonb_object_agg(f.function_name,
             jsonb_build_object('calls', f.calls, 'errors', f.errors, 'durations', f.durations)) as tools
      from (
        select b.organization_id, b.agent_id, b.day, b.function_name, sum(b.calls) as calls,
               sum(b.errors) as errors,
               coalesce(jsonb_object_agg(b.bucket, b.calls) filter (where b.bucket is not null), '{}') as durations
          from (
            select c.organization_id, c.agent_id, c.day, t.function_name,
                   analytics.ms_bucket(extract(epoch from t.finished_at - t.started_at)::float8 * 1000)::text
                     as bucket,
                   count(*) as calls, count(*) filter (where t.is_error) as errors
              from c join public.call_tool_calls t on t.call_id = c.id
             group by 1, 2, 3, 4, 5
          ) b
         group by 1, 2, 3, 4
      ) f
     group by 1, 2, 3
  )
  select totals.organization_id, totals.agent_id, totals.day, totals.calls, totals.timed_calls,
         totals.duration_seconds, totals.cost_millicredits,
         coalesce(reasons.end_reasons, '{}'), coalesce(hours.hours, '{}'), coalesce(turn_counts.turns, 0),
         coalesce(latency.latency, '{}'), coalesce(tools.tools, '{}')
    from totals
    left join reasons using (organization_id, agent_id, day)
    left join hours using (organization_id, agent_id, day)
    left join turn_counts using (organization_id, agent_id, day)
    left join latency using (organization_id, agent_id, day)
    left join tools using (organization_id, agent_id, day)
$$;

-- The advisory lock of an organization's rollups: shared by refreshes, exclusive for a rebuild.
create function analytics.lock_key(p_organization_id uuid) returns integer
language sql immutable parallel safe as $$ select hashtext('call_daily_rollups:' || p_organization_id::text) $$;

-- Recomputes the rollup rows of the days (per agent) the given calls fall on, from the finalized calls of
-- those days. Calls not finalized (or not visible) are left out: they change nothing.
create function analytics.refresh_rollups(p_call_ids uuid[]) returns void
language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
  org record;
  slice record;
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
    -- After the lock: a time zone changed meanwhile is seen, and its rebuild is over.
    select o.time_zone into v_zone from public.organizations o where o.id = org.id;
    select array_agg(k.agent_id order by k.agent_id, k.day), array_agg(k.day order by k.agent_id, k.day)
      into v_agents, v_days
      from (select distinct c.agent_id, (c.created_at at time zone v_zone)::date as day
              from public.calls c
             where c.id = any(p_call_ids) and c.organization_id = org.id and c.finalized_at is not null) k;
    insert into public.call_daily_rollups (organization_id, agent_id, day)
    select org.id, k.agent_id, k.day from unnest(v_agents, v_days) as k (agent_id, day)
    on conflict do nothing;
    -- Waits for a concurrent refresh of the same rows to commit; the next statement then sees its call.
    perform 1
       from public.call_daily_rollups r
       join unnest(v_agents, v_days) as k (agent_id, day) on r.agent_id = k.agent_id and r.day = k.day
      where r.organization_id = org.id
      order by r.agent_id, r.day
        for update of r;
    -- One agent's day at a time, so that each reads its calls by calls_analytics_agent_idx.
    for slice in select k.agent_id, k.day from unnest(v_agents, v_days) as k (agent_id, day) loop
      update public.call_daily_rollups r
         set calls = coalesce(s.calls, 0), timed_calls = coalesce(s.timed_calls, 0),
             duration_seconds = coalesce(s.duration_seconds, 0),
             cost_millicredits = coalesce(s.cost_millicredits, 0),
             end_reasons = coalesce(s.end_reasons, '{}'), hours = coalesce(s.hours, '{}'),
             turns = coalesce(s.turns, 0), latency = coalesce(s.latency, '{}'), tools = coalesce(s.tools, '{}'),
             refreshed_at = now()
        from (select) as one
        left join analytics.call_slices(v_zone, array(
          select c.id
            from public.calls c
           where c.organization_id = org.id and c.agent_id = slice.agent_id
             and c.created_at >= slice.day::timestamp at time zone v_zone
             and c.created_at < (slice.day + 1)::timestamp at time zone v_zone
             and c.finalized_at is not null)) s on true
       where r.organization_id = org.id and r.agent_id = slice.agent_id and r.day = slice.day;
    end loop;
  end loop;
end $$;

-- Rebuilds every rollup row of an organization from its finalized calls (its time zone changed; the
-- backfill below). One pass over the organization's calls.
create function analytics.rebuild_rollups(p_organization_id uuid) returns void
language plpgsql set search_path = pg_catalog, pg_temp as $$
declare
  v_zone text;
begin
  perform pg_advisory_xact_lock(analytics.lock_key(p_organization_id));
  select o.time_zone into v_zone from public.organizations o where o.id = p_organization_id;
  delete from public.call_daily_rollups r where r.organization_id = p_organization_id;
  insert into public.call_daily_rollups (organization_id, agent_id, day, calls, timed_calls, duration_seconds,
    cost_millicredits, end_reasons, hours, turns, latency, tools)
  select s.organization_id, s.agent_id, s.day, s.calls, s.timed_calls, s.duration_seconds, s.cost_millicredits,
         s.end_reasons, s.hours, s.turns, s.latency, s.tools
    from analytics.call_slices(v_zone, array(
      select c.id from public.calls c where c.organization_id = p_organization_id and c.finalized_at is not null)) s;
end $$;

-- ── Triggers ────────────────────────────────────────────────────────────────────────────────────────────
-- Inserts (finalized ones are rare: fixtures, imports) and the children of a call: per
-- statement, so a bulk insert refreshes each day once. Updates of a call only once it is finalized: the
-- heartbeats of a running call never reach the function. No delete trigger: calls are deleted only with
-- their organization or agent, whose rollups the foreign keys delete with them.
create function analytics.calls_inserted() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  -- The API inserts the calls it starts (never finalized): it has no rights on the rollups, and needs none.
  if exists (select from new_rows n where n.finalized_at is not null) then
    perform analytics.refresh_rollups(array(select n.id from new_rows n where n.finalized_at is not null));
  end if;
  return null;
end $$;

create function analytics.call_updated() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  perform analytics.refresh_rollups(array[new.id]);
  return null;
end $$;

create function analytics.call_children_changed() returns trigger
language plpgsql set search_path = pg_catalog, pg_temp as $$
begin
  perform analytics.refresh_rollups(array(select distinct n.call_id from new_rows n));
  return null;
end $$;

-- Security definer: the API changes the time zone (in the organization's tenant transaction, whose policies
-- the rebuild then runs under) but may not write rollups itself.
create function analytics.organization_time_zone_changed() returns trigger
language plpgsql security definer set search_path = pg_catalog, pg_temp as $$
begin
  perform analytics.rebuild_rollups(new.id);
  return null;
end $$;

create trigger calls_rollups_insert after insert on calls
  referencing new table as new_rows for each statement execute function analytics.calls_inserted();
create trigger calls_rollups_update after update on calls
  for each row when (new.finalized_at is not null) execute function analytics.call_updated();
create trigger call_turns_rollups_insert after insert on call_turns
  referencing new table as new_rows for each statement execute function analytics.call_children_changed();
create trigger call_turns_rollups_update after update on call_turns
  referencing new table as new_rows for each statement execute function analytics.call_children_changed();
create trigger call_tool_calls_rollups_insert after insert on call_tool_calls
  referencing new table as new_rows for each statement execute function analytics.call_children_changed();
create trigger call_tool_calls_rollups_update after update on call_tool_calls
  referencing new table as new_rows for each statement execute function analytics.call_children_changed();
create trigger organizations_rollups_time_zone after update of time_zone on organizations
  for each row when (old.time_zone is distinct from new.time_zone)
  execute function analytics.organization_time_zone_changed();

revoke all on all functions in schema analytics from public;
grant execute on function analytics.ms_bucket(double precision), analytics.call_slices(text, uuid[])
  to switchboard_app, switchboard_worker, switchboard_system;
-- The refresh runs with the rights of the worker or the system door (the triggers call it); the rebuild only
-- as the owner (the time zone trigger, the backfill).
grant execute on function analytics.lock_key(uuid), analytics.refresh_rollups(uuid[])
  to switchboard_worker, switchboard_system;

-- ── Backfill ────────────────────────────────────────────────────────────────────────────────────────────
-- Every organization's finalized calls so far, one organization at a time under its own tenant context
-- (the policies hold for an owner that is not a superuser too).
do $$
declare
  org record;
begin
  for org in select o.id from public.organizations o loop
    perform set_config('app.org_id', org.id::text, true);
    perform analytics.rebuild_rollups(org.id);
  end loop;
  perform set_config('app.org_id', '', true);
end
$$;
