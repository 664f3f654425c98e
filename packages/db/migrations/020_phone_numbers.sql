-- Purpose: the phone channel's control plane (issue 10, docs/phone.md) — an organization's Twilio
-- connection, the phone numbers Switchboard manages for it (each assignable to one agent), and the
-- read-only questions the dashboard asks Twilio (search available numbers, list the account's numbers).
-- Touches: phone_connections, phone_numbers, phone_requests (new).
--
-- The API never talks to Twilio or opens a credential: it records what is wanted (a row, status
-- 'pending') and queues a job; the worker tier's job runner opens the sealed credentials, calls Twilio and
-- LiveKit SIP, and writes back the outcome (ids of the trunks and rules it created, or an error). So the
-- app role may write the sealed credentials but never select them (like tool_secrets), and the worker role
-- may update only the columns that record what it provisioned.

create table phone_connections (
  organization_id uuid primary key references organizations (id) on delete cascade,
  -- 'installation': the operator's Twilio account (TWILIO_* in the worker tier), no credentials stored.
  kind text not null check (kind in ('auth_token', 'api_key', 'installation')),
  account_sid text check (account_sid ~ '^AC[0-9a-fA-F]{32}$'),
  -- The sealed JSON of the credentials (worker tier's public key, context phone:<organization id>).
  credentials_ciphertext text,
  -- What the worker provisioned: the Twilio Elastic SIP trunk, its termination domain, and the LiveKit
  -- outbound trunk that dials through it.
  twilio_trunk_sid text,
  termination_domain text,
  livekit_outbound_trunk_id text,
  status text not null default 'pending' check (status in ('pending', 'ready', 'error')),
  last_error text check (length(last_error) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint phone_connections_credentials_check
    check ((kind = 'installation') = (credentials_ciphertext is null))
);

create table phone_numbers (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  e164 text not null check (e164 ~ '^\+[1-9][0-9]{7,14}$'),
  -- The IncomingPhoneNumber SID; null until a bought number is purchased by the worker.
  twilio_sid text check (twilio_sid ~ '^PN[0-9a-fA-F]{32}$'),
  friendly_name text check (length(friendly_name) <= 200),
  agent_id uuid,
  status text not null default 'pending' check (status in ('pending', 'ready', 'error', 'releasing')),
  last_error text check (length(last_error) <= 2000),
  livekit_inbound_trunk_id text,
  livekit_dispatch_rule_id text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- Archiving or deleting an agent leaves its number unassigned, not gone (the number still costs money).
  constraint phone_numbers_agent_fkey foreign key (organization_id, agent_id)
    references agents (organization_id, id) on delete set null (agent_id),
  constraint phone_numbers_organization_id_e164_key unique (organization_id, e164)
);
create index phone_numbers_agent_id_idx on phone_numbers (agent_id) where agent_id is not null;

create table phone_requests (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  kind text not null check (kind in ('search_numbers', 'list_account_numbers')),
  input jsonb not null default '{}'::jsonb,
  status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
  result jsonb,
  error text check (length(error) <= 2000),
  requested_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index phone_requests_organization_id_idx on phone_requests (organization_id, created_at desc);

do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array['phone_connections', 'phone_numbers', 'phone_requests']
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

-- The API writes the sealed credentials and learns what was provisioned; the ciphertext stays out of reach.
grant insert, delete on phone_connections to switchboard_app;
grant select (organization_id, kind, account_sid, twilio_trunk_sid, termination_domain, livekit_outbound_trunk_id,
  status, last_error, created_at, updated_at) on phone_connections to switchboard_app;
grant update (kind, account_sid, credentials_ciphertext, status, last_error, updated_at)
  on phone_connections to switchboard_app;
grant select, insert on phone_numbers to switchboard_app;
grant update (agent_id, status, last_error, updated_at) on phone_numbers to switchboard_app;
grant select, insert on phone_requests to switchboard_app;

grant select on phone_connections to switchboard_worker;
grant update (twilio_trunk_sid, termination_domain, livekit_outbound_trunk_id, status, last_error, updated_at)
  on phone_connections to switchboard_worker;
-- The worker removes a number's row once Twilio released it (and LiveKit's trunk and rule are gone).
grant select, delete on phone_numbers to switchboard_worker;
grant update (twilio_sid, friendly_name, status, last_error, livekit_inbound_trunk_id, livekit_dispatch_rule_id,
  updated_at) on phone_numbers to switchboard_worker;
grant select, update on phone_requests to switchboard_worker;
