-- Purpose: outgoing webhooks (issue 13, docs/webhooks.md) — an organization's endpoints (URL, subscribed
-- event types, on/off, a sealed signing secret), one delivery per event and endpoint, and one row per
-- attempt to deliver it (status code, response time, error, the start of the response body).
-- Touches: webhook_endpoints, webhook_deliveries, webhook_attempts (new); grants for switchboard_app,
-- switchboard_worker and switchboard_system.
--
-- Events happen on all three connections: a call starts and ends in the worker tier (or the sweeper, through
-- the system door), phone numbers are assigned in the API, credits run low wherever a ledger entry is
-- written. Each of them queues deliveries in the transaction of the change (enqueueWebhookEvent), so every
-- role may read which endpoints subscribe and insert deliveries — nothing more. Only the worker tier's job
-- runner reads the sealed secret (like tool_secrets: the API writes it and never reads it back), signs and
-- sends, records attempts and switches a failing endpoint off.

create table webhook_endpoints (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  url text not null check (length(url) <= 2000 and url ~ '^https?://'),
  description text not null default '' check (length(description) <= 200),
  event_types text[] not null check (cardinality(event_types) between 1 and 20),
  enabled boolean not null default true,
  -- The sealed `whsec_…` secret (worker tier's public key, context webhook:<endpoint id>).
  secret_ciphertext text not null,
  -- Deliveries in a row whose every attempt failed; at the limit the endpoint is switched off.
  consecutive_failures integer not null default 0 check (consecutive_failures >= 0),
  disabled_at timestamptz,
  disabled_reason text check (length(disabled_reason) <= 500),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint webhook_endpoints_organization_id_id_key unique (organization_id, id)
);

create table webhook_deliveries (
  -- Also the `webhook-id` header: the same on every attempt, so receivers can drop duplicates.
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null,
  endpoint_id uuid not null,
  event_type text not null check (length(event_type) <= 100),
  -- The exact JSON body sent: { type, timestamp, data }.
  payload jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
  attempt_count integer not null default 0 check (attempt_count >= 0),
  next_attempt_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint webhook_deliveries_endpoint_fkey foreign key (organization_id, endpoint_id)
    references webhook_endpoints (organization_id, id) on delete cascade,
  constraint webhook_deliveries_organization_id_id_key unique (organization_id, id)
);
create index webhook_deliveries_endpoint_id_created_at_idx on webhook_deliveries (endpoint_id, created_at desc);

create table webhook_attempts (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null,
  delivery_id uuid not null,
  attempt integer not null check (attempt >= 1),
  -- Redelivered by hand from the dashboard (outside the retry schedule).
  is_manual boolean not null default false,
  started_at timestamptz not null default now(),
  response_status integer,
  response_time_ms integer,
  error text check (length(error) <= 1000),
  response_body text check (length(response_body) <= 2000),
  constraint webhook_attempts_delivery_fkey foreign key (organization_id, delivery_id)
    references webhook_deliveries (organization_id, id) on delete cascade,
  constraint webhook_attempts_delivery_id_attempt_key unique (delivery_id, attempt)
);

-- One policy per command. The system door reads subscriptions and inserts deliveries (the sweeper ends
-- calls of every organization); nothing else crosses tenants.
do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array['webhook_endpoints', 'webhook_deliveries', 'webhook_attempts']
  loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format('alter table %I force row level security', tenant_table);
    execute format(
      'create policy %I on %I for select using (organization_id = tenancy.org_id() or tenancy.is_system())',
      tenant_table || '_select', tenant_table);
    execute format(
      'create policy %I on %I for insert with check (organization_id = tenancy.org_id() or tenancy.is_system())',
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

-- The API: manages endpoints (writes the sealed secret, never reads it), reads deliveries and attempts,
-- queues deliveries (phone numbers) and redeliveries.
grant select (id, organization_id, url, description, event_types, enabled, consecutive_failures, disabled_at,
  disabled_reason, created_by, created_at, updated_at) on webhook_endpoints to switchboard_app;
grant insert (id, organization_id, url, description, event_types, enabled, secret_ciphertext, created_by)
  on webhook_endpoints to switchboard_app;
grant update (url, description, event_types, enabled, secret_ciphertext, consecutive_failures, disabled_at,
  disabled_reason, updated_at) on webhook_endpoints to switchboard_app;
grant delete on webhook_endpoints to switchboard_app;
grant select, insert on webhook_deliveries to switchboard_app;
grant update (status, next_attempt_at, updated_at) on webhook_deliveries to switchboard_app;
grant select on webhook_attempts to switchboard_app;

-- The worker tier: queues deliveries (calls, analysis, credits), and its job runner opens the secret,
-- records attempts and switches failing endpoints off.
grant select on webhook_endpoints to switchboard_worker;
-- secret_ciphertext: re-sealing after a key-pair rotation (resealWebhookSecrets), as for tool secrets.
grant update (enabled, consecutive_failures, disabled_at, disabled_reason, secret_ciphertext, updated_at)
  on webhook_endpoints to switchboard_worker;
grant select, insert on webhook_deliveries to switchboard_worker;
grant update (status, attempt_count, next_attempt_at, updated_at) on webhook_deliveries to switchboard_worker;
grant select, insert on webhook_attempts to switchboard_worker;

-- The system door: which endpoints subscribe, and the deliveries of events it causes.
grant select (id, organization_id, event_types, enabled) on webhook_endpoints to switchboard_system;
grant insert on webhook_deliveries to switchboard_system;
