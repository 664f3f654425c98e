-- Purpose: organization API keys — a name, a set of permissions from the catalog, an optional expiry, the
-- SHA-256 of the secret (never the secret), the last time it was used and when it was revoked — and, on
-- calls, which key started a call.
-- Touches: api_keys (new); calls.started_by_api_key_id (new column); grants for switchboard_app and
-- switchboard_system.
--
-- A request with `Authorization: Bearer sb_key_…` names its key before anyone knows the organization, so
-- the lookup by prefix cannot run on the tenant connection (RLS shows it no row without an organization).
-- It runs through the system door (withSystem), which may read only the columns a lookup needs and set
-- only last_used_at: nothing of agents, tools or secrets comes with it (ADR 008). The tenant connection
-- creates, lists and revokes its own organization's keys under RLS, and never reads key_hash back.
-- A key acts for the member who created it and never beyond that member's role (packages/core/src/api-keys):
-- created_by is not null, and removing a user removes their keys with them.

create table api_keys (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  name text not null check (length(name) between 1 and 80),
  -- The public part of the key (shown in lists, found by the lookup); 12 characters of base32.
  prefix text not null unique check (prefix ~ '^[a-z2-7]{12}$'),
  -- SHA-256 of the whole key: the secret is 256 random bits, so no slow hash is needed (docs/api.md).
  key_hash bytea not null check (length(key_hash) = 32),
  permissions text[] not null,
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz,
  revoked_by uuid references auth.users (id) on delete set null,
  created_by uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  constraint api_keys_organization_id_id_key unique (organization_id, id)
);
create index api_keys_organization_id_created_at_idx on api_keys (organization_id, created_at desc);

alter table api_keys enable row level security;
alter table api_keys force row level security;
create policy api_keys_select on api_keys for select
  using (organization_id = tenancy.org_id() or tenancy.is_system());
create policy api_keys_insert on api_keys for insert with check (organization_id = tenancy.org_id());
create policy api_keys_update on api_keys for update
  using (organization_id = tenancy.org_id() or tenancy.is_system())
  with check (organization_id = tenancy.org_id() or tenancy.is_system());
-- Keys are revoked, never deleted: the calls they started keep pointing at them.
create policy api_keys_delete on api_keys for delete using (false);

-- The API: everything but the hash back; revoking is the only change.
grant select (id, organization_id, name, prefix, permissions, expires_at, last_used_at, revoked_at, revoked_by,
  created_by, created_at) on api_keys to switchboard_app;
grant insert (organization_id, name, prefix, key_hash, permissions, expires_at, created_by)
  on api_keys to switchboard_app;
grant update (revoked_at, revoked_by) on api_keys to switchboard_app;

-- The system door: the lookup of a presented key, and its last-used time.
grant select (id, organization_id, name, prefix, key_hash, permissions, expires_at, last_used_at, revoked_at,
  created_by) on api_keys to switchboard_system;
grant update (last_used_at) on api_keys to switchboard_system;

-- Which key started a call (started_by stays the member the key acts for). Inside the call's organization.
alter table calls
  add column started_by_api_key_id uuid,
  add constraint calls_started_by_api_key_fkey foreign key (organization_id, started_by_api_key_id)
    references api_keys (organization_id, id) on delete set null (started_by_api_key_id);
