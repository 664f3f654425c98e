-- Purpose: voice agents with numbered versions, the organization's tools, their secrets (worker tier only)
-- and the runs of "test a function".
-- Touches: organizations (time_zone), agents, agent_versions, tools, tool_secrets, tool_test_runs.
-- Two tiers: switchboard_app may write tool secrets but can read only which exist (column grants), never
-- their ciphertext; switchboard_worker reads them to run tools. Both go through RLS like everything else.

alter table organizations add column time_zone text not null default 'UTC';

create table agents (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  name text not null check (length(name) between 1 and 120),
  status text not null default 'active' check (status in ('active', 'archived')),
  current_version integer not null default 1 check (current_version > 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index agents_organization_id_idx on agents (organization_id);

-- Every save of an agent is a new row; restoring copies an old configuration into a new version.
create table agent_versions (
  organization_id uuid not null references organizations (id) on delete cascade,
  agent_id uuid not null references agents (id) on delete cascade,
  version integer not null check (version > 0),
  config jsonb not null,
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (agent_id, version)
);
create index agent_versions_organization_id_idx on agent_versions (organization_id);

create table tools (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  kind text not null check (kind in ('http', 'google_calendar', 'call_control')),
  name text not null check (length(name) between 1 and 120),
  config jsonb not null,
  status text not null default 'ready' check (status in ('ready', 'needs_connection', 'broken')),
  status_message text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index tools_organization_id_idx on tools (organization_id);

-- One row per secret of a tool (an API key, the Google OAuth tokens), encrypted with AES-256-GCM.
create table tool_secrets (
  organization_id uuid not null references organizations (id) on delete cascade,
  tool_id uuid not null references tools (id) on delete cascade,
  name text not null check (name ~ '^[a-zA-Z0-9_]{1,64}$'),
  ciphertext text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tool_id, name)
);
create index tool_secrets_organization_id_idx on tool_secrets (organization_id);

create table tool_test_runs (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  tool_id uuid not null references tools (id) on delete cascade,
  function_name text not null,
  arguments jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
  result jsonb,
  error text,
  duration_ms integer,
  requested_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index tool_test_runs_organization_id_idx on tool_test_runs (organization_id);
create index tool_test_runs_tool_id_idx on tool_test_runs (tool_id);

do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array['agents', 'agent_versions', 'tools', 'tool_secrets', 'tool_test_runs']
  loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format('alter table %I force row level security', tenant_table);
    execute format(
      'create policy %I on %I for select using (organization_id = tenancy.org_id())',
      tenant_table || '_select', tenant_table);
    execute format(
      'create policy %I on %I for insert with check (organization_id = tenancy.org_id())',
      tenant_table || '_insert', tenant_table);
    execute format(
      'create policy %I on %I for update using (organization_id = tenancy.org_id())'
      ' with check (organization_id = tenancy.org_id())',
      tenant_table || '_update', tenant_table);
    execute format(
      'create policy %I on %I for delete using (organization_id = tenancy.org_id())',
      tenant_table || '_delete', tenant_table);
  end loop;
end
$$;

grant select, insert, update, delete on agents, agent_versions, tools, tool_test_runs to switchboard_app;
-- The API writes secrets and learns which exist; the ciphertext column stays out of its reach.
grant insert, delete on tool_secrets to switchboard_app;
grant select (organization_id, tool_id, name, created_at, updated_at) on tool_secrets to switchboard_app;
grant update (ciphertext, updated_at) on tool_secrets to switchboard_app;

grant select on agents, agent_versions, tools to switchboard_worker;
grant update (status, status_message, updated_at) on tools to switchboard_worker;
grant select, update (ciphertext, updated_at) on tool_secrets to switchboard_worker;
grant select, update on tool_test_runs to switchboard_worker;
