-- Purpose: give the two doors a tenant connection must never open their own database roles, and keep every
-- reference between tenant tables inside one organization.
-- Touches: roles switchboard_system and switchboard_auth; function tenancy.is_system(); grants on auth.users,
-- auth.sessions, auth.accounts, auth.verifications, auth.rate_limits, roles, organizations, memberships,
-- invitations, calls, email_outbox, jobs.enqueue; create on schema public; unique (organization_id, id) on
-- agents, tools and calls; foreign keys of agent_versions, tool_secrets, tool_test_runs, calls,
-- call_transcript_items and call_tool_calls.
--
-- Before this migration, tenancy.is_system() was true whenever the transaction had set app.system_reason,
-- which any connection may do with set_config: one statement on the API's connection opened every policy.
-- Now it is true only for the role switchboard_system, which neither service role is a member of (SET ROLE
-- to it fails), and which has a password of its own. The API's role also read every password hash, session
-- token, OAuth token and reset token in schema auth; those tables now belong to switchboard_auth, the role of
-- better-auth's own connection, and the API keeps only the user columns it shows.
-- The migration runner gives both new roles LOGIN and a password, as for the others.

do $$
begin
  if not exists (select from pg_roles where rolname = 'switchboard_system') then
    create role switchboard_system nologin nosuperuser nocreatedb nocreaterole nobypassrls noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'switchboard_auth') then
    create role switchboard_auth nologin nosuperuser nocreatedb nocreaterole nobypassrls noinherit;
  end if;
end
$$;

-- ── The system door ─────────────────────────────────────────────────────────────────────────────────────
-- current_user, not session_user: inside a SECURITY DEFINER function (jobs.enqueue) the definer's rights
-- apply, and those are not the system role's. The reason stays required, so a system connection used
-- outside withSystem sees no tenant either.
create or replace function tenancy.is_system() returns boolean
  language sql stable
  as $$
    select current_user = 'switchboard_system'
       and coalesce(current_setting('app.system_reason', true), '') <> ''
  $$;

grant usage on schema public, tenancy, jobs, auth to switchboard_system;
grant execute on all functions in schema tenancy to switchboard_system;

-- Only what cross-tenant work does today: platform administration (organizations, users, custom roles),
-- invitations by token, LiveKit's room times, auth emails to the outbox, the organization list for
-- re-sealing secrets. Nothing of agents, tools or tool secrets.
grant select on organizations to switchboard_system;
grant select, insert on memberships to switchboard_system;
grant select, delete on invitations to switchboard_system;
grant update (status, accepted_by, accepted_at, updated_at) on invitations to switchboard_system;
grant select, insert, update, delete on roles to switchboard_system;
grant select (id, name, email, email_verified, is_platform_admin, created_at) on auth.users to switchboard_system;
grant update (email_verified, is_platform_admin, updated_at) on auth.users to switchboard_system;
grant select on calls to switchboard_system;
grant update (status, started_at, ended_at, duration_seconds, end_reason) on calls to switchboard_system;
grant insert on email_outbox to switchboard_system;
grant execute on function jobs.enqueue(text, json, integer) to switchboard_system;

-- Custom roles shape what members of every organization may do: installation-wide, so platform admin only,
-- through the system door.
revoke insert, update, delete on roles from switchboard_app;

-- On PostgreSQL 14 every role may create objects in schema public; a function planted there by a service
-- role could be picked up by the system role's queries. (PostgreSQL 15+ already refuses; this is a no-op.)
revoke create on schema public from public;

-- ── better-auth's tables ────────────────────────────────────────────────────────────────────────────────
grant usage on schema auth to switchboard_auth;
grant select, insert, update, delete
  on auth.users, auth.sessions, auth.accounts, auth.verifications, auth.rate_limits
  to switchboard_auth;

-- Revoking the table privileges also revokes any column privileges; then give back the columns shown
-- (member lists, inviters, agent version authors).
revoke all on auth.users, auth.sessions, auth.accounts, auth.verifications, auth.rate_limits
  from switchboard_app, switchboard_worker;
grant select (id, name, email) on auth.users to switchboard_app, switchboard_worker;

-- ── References stay inside one organization ─────────────────────────────────────────────────────────────
-- A child row carries organization_id already; the key now includes it, so a row of organization A cannot
-- point at B's agent, tool or call, whatever role writes it. The unique (organization_id, id) indexes start
-- with organization_id and replace the single-column indexes of agents and tools.
alter table agents add constraint agents_organization_id_id_key unique (organization_id, id);
drop index agents_organization_id_idx;
alter table tools add constraint tools_organization_id_id_key unique (organization_id, id);
drop index tools_organization_id_idx;
alter table calls add constraint calls_organization_id_id_key unique (organization_id, id);

alter table agent_versions
  drop constraint agent_versions_agent_id_fkey,
  add constraint agent_versions_agent_fkey foreign key (organization_id, agent_id)
    references agents (organization_id, id) on delete cascade;
alter table tool_secrets
  drop constraint tool_secrets_tool_id_fkey,
  add constraint tool_secrets_tool_fkey foreign key (organization_id, tool_id)
    references tools (organization_id, id) on delete cascade;
alter table tool_test_runs
  drop constraint tool_test_runs_tool_id_fkey,
  add constraint tool_test_runs_tool_fkey foreign key (organization_id, tool_id)
    references tools (organization_id, id) on delete cascade;
alter table calls
  drop constraint calls_agent_id_fkey,
  add constraint calls_agent_fkey foreign key (organization_id, agent_id)
    references agents (organization_id, id) on delete cascade;
alter table call_transcript_items
  drop constraint call_transcript_items_call_id_fkey,
  add constraint call_transcript_items_call_fkey foreign key (organization_id, call_id)
    references calls (organization_id, id) on delete cascade;
alter table call_tool_calls
  drop constraint call_tool_calls_call_id_fkey,
  add constraint call_tool_calls_call_fkey foreign key (organization_id, call_id)
    references calls (organization_id, id) on delete cascade;
