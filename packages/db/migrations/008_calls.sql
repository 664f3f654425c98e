-- Purpose: calls with their transcript and tool calls, written as they happen by the voice worker.
-- Touches: calls, call_transcript_items, call_tool_calls.
-- The API creates a call when it issues a token and records LiveKit's authoritative room times from
-- webhooks; the worker appends transcript items and tool calls and finalizes the call exactly once.

create table calls (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  agent_id uuid not null references agents (id) on delete cascade,
  agent_version integer not null,
  channel text not null check (channel in ('web', 'phone')),
  status text not null default 'created' check (status in ('created', 'active', 'ended', 'failed')),
  room_name text not null unique,
  caller text,
  started_by uuid references auth.users (id) on delete set null,
  started_at timestamptz,
  ended_at timestamptz,
  duration_seconds integer,
  end_reason text,
  cost_credits numeric(12, 4),
  usage jsonb,
  finalized_at timestamptz,
  created_at timestamptz not null default now()
);
create index calls_organization_id_created_at_idx on calls (organization_id, created_at desc);
create index calls_agent_id_idx on calls (agent_id);

-- Append-only, numbered per call: a crash mid-call loses at most the item being written.
create table call_transcript_items (
  organization_id uuid not null references organizations (id) on delete cascade,
  call_id uuid not null references calls (id) on delete cascade,
  seq integer not null,
  role text not null check (role in ('user', 'assistant', 'system')),
  text text not null,
  interrupted boolean not null default false,
  created_at timestamptz not null default now(),
  primary key (call_id, seq)
);
create index call_transcript_items_organization_id_idx on call_transcript_items (organization_id);

create table call_tool_calls (
  organization_id uuid not null references organizations (id) on delete cascade,
  call_id uuid not null references calls (id) on delete cascade,
  tool_call_id text not null,
  tool_id uuid,
  function_name text not null,
  arguments jsonb not null,
  result jsonb,
  is_error boolean not null default false,
  started_at timestamptz not null,
  finished_at timestamptz,
  primary key (call_id, tool_call_id)
);
create index call_tool_calls_organization_id_idx on call_tool_calls (organization_id);

do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array['calls', 'call_transcript_items', 'call_tool_calls']
  loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format('alter table %I force row level security', tenant_table);
    execute format(
      'create policy %I on %I for select using (organization_id = tenancy.org_id() or tenancy.is_system())',
      tenant_table || '_select', tenant_table);
    execute format(
      'create policy %I on %I for insert with check (organization_id = tenancy.org_id())',
      tenant_table || '_insert', tenant_table);
    execute format(
      'create policy %I on %I for update using (organization_id = tenancy.org_id() or tenancy.is_system())'
      ' with check (organization_id = tenancy.org_id() or tenancy.is_system())',
      tenant_table || '_update', tenant_table);
    execute format(
      'create policy %I on %I for delete using (organization_id = tenancy.org_id())',
      tenant_table || '_delete', tenant_table);
  end loop;
end
$$;

-- The API creates calls, reads everything, and records webhook times (a system door: the room name is
-- all a webhook carries); it never writes transcripts.
grant select, insert on calls to switchboard_app;
grant select on call_transcript_items, call_tool_calls to switchboard_app;
grant update (status, started_at, ended_at, duration_seconds, end_reason) on calls to switchboard_app;
grant select, update on calls to switchboard_worker;
grant select, insert on call_transcript_items to switchboard_worker;
grant select, insert, update on call_tool_calls to switchboard_worker;
