-- Purpose: the database roles the services connect as, and the functions RLS policies use to read the
-- tenant context that withTenant/withSystem set for one transaction.
-- Touches: roles switchboard_app (API) and switchboard_worker (voice worker, background jobs); schema tenancy;
-- schema jobs (enqueue wrapper over graphile-worker, installed before this migration runs).
-- Neither role is superuser, owns tables or bypasses RLS. The migration runner gives them LOGIN and a password.

do $$
begin
  if not exists (select from pg_roles where rolname = 'switchboard_app') then
    create role switchboard_app nologin nosuperuser nocreatedb nocreaterole nobypassrls;
  end if;
  if not exists (select from pg_roles where rolname = 'switchboard_worker') then
    create role switchboard_worker nologin nosuperuser nocreatedb nocreaterole nobypassrls;
  end if;
end
$$;

grant usage on schema public to switchboard_app, switchboard_worker;

create schema tenancy;
grant usage on schema tenancy to switchboard_app, switchboard_worker;

-- The organization of the current transaction; null when none is set (policies then match no row).
create function tenancy.org_id() returns uuid
  language sql stable
  as $$ select nullif(current_setting('app.org_id', true), '')::uuid $$;

-- The signed-in user of the current transaction, for the few policies that follow the user (own memberships).
create function tenancy.user_id() returns uuid
  language sql stable
  as $$ select nullif(current_setting('app.user_id', true), '')::uuid $$;

-- True inside withSystem(reason, …): the one door for cross-tenant work (webhooks, jobs, platform admin).
create function tenancy.is_system() returns boolean
  language sql stable
  as $$ select coalesce(current_setting('app.system_reason', true), '') <> '' $$;

grant execute on all functions in schema tenancy to switchboard_app, switchboard_worker;

-- graphile-worker's add_job writes its private tables; the API may only enqueue, through this wrapper.
create schema jobs;
grant usage on schema jobs to switchboard_app, switchboard_worker;

create function jobs.enqueue(task text, payload json, max_attempts integer default 25) returns void
  language sql volatile security definer
  set search_path = pg_catalog
  as $$ select graphile_worker.add_job(task, payload, max_attempts => max_attempts) $$;

revoke all on function jobs.enqueue(text, json, integer) from public;
grant execute on function jobs.enqueue(text, json, integer) to switchboard_app, switchboard_worker;

grant usage on schema graphile_worker to switchboard_worker;
grant all on all tables in schema graphile_worker to switchboard_worker;
grant all on all sequences in schema graphile_worker to switchboard_worker;
grant execute on all functions in schema graphile_worker to switchboard_worker;
