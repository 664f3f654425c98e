-- Purpose: organizations (the tenants), memberships, invitations and the role registry.
-- Touches: roles, organizations, memberships, invitations.
-- Tenant tables use FORCE ROW LEVEL SECURITY with one policy per command. A user may also see their own
-- memberships and the organizations they belong to (the organization switcher) without a tenant set.

-- Every role a membership can hold. Predefined roles are seeded here; their permissions are defined in
-- code (packages/core/src/access/catalog.ts). Custom roles carry their permissions in this table.
create table roles (
  key text primary key check (key ~ '^[a-z][a-z0-9_]{1,39}$'),
  name text not null,
  description text not null default '',
  permissions text[] not null default '{}',
  is_predefined boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

insert into roles (key, name, description, is_predefined) values
  ('org_admin', 'Organization admin', 'Everything inside the organization, including members and billing.', true),
  ('member', 'Member', 'Builds agents and tools, places and reviews calls.', true),
  ('billing', 'Billing', 'Manages billing and reads everything else.', true);

grant select on roles to switchboard_app, switchboard_worker;
grant insert, update, delete on roles to switchboard_app;

create table organizations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  slug text not null unique,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table memberships (
  organization_id uuid not null references organizations (id) on delete cascade,
  user_id uuid not null references auth.users (id) on delete cascade,
  role text not null references roles (key) on update cascade,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (organization_id, user_id)
);
create index memberships_user_id_idx on memberships (user_id);

create table invitations (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  email text not null,
  role text not null references roles (key) on update cascade,
  token_hash text not null unique,
  invited_by uuid references auth.users (id) on delete set null,
  status text not null default 'pending' check (status in ('pending', 'accepted', 'revoked')),
  expires_at timestamptz not null,
  accepted_by uuid references auth.users (id) on delete set null,
  accepted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index invitations_organization_id_idx on invitations (organization_id);
create unique index invitations_one_pending_per_email on invitations (organization_id, lower(email))
  where status = 'pending';

-- organizations: the tenant row itself, keyed by id.
alter table organizations enable row level security;
alter table organizations force row level security;
create policy organizations_select on organizations for select
  using (
    id = tenancy.org_id()
    or tenancy.is_system()
    or id in (select organization_id from memberships where user_id = tenancy.user_id())
  );
create policy organizations_insert on organizations for insert
  with check (id = tenancy.org_id() or tenancy.is_system());
create policy organizations_update on organizations for update
  using (id = tenancy.org_id() or tenancy.is_system())
  with check (id = tenancy.org_id() or tenancy.is_system());
create policy organizations_delete on organizations for delete
  using (id = tenancy.org_id() or tenancy.is_system());

alter table memberships enable row level security;
alter table memberships force row level security;
create policy memberships_select on memberships for select
  using (organization_id = tenancy.org_id() or tenancy.is_system() or user_id = tenancy.user_id());
create policy memberships_insert on memberships for insert
  with check (organization_id = tenancy.org_id() or tenancy.is_system());
create policy memberships_update on memberships for update
  using (organization_id = tenancy.org_id() or tenancy.is_system())
  with check (organization_id = tenancy.org_id() or tenancy.is_system());
create policy memberships_delete on memberships for delete
  using (organization_id = tenancy.org_id() or tenancy.is_system());

alter table invitations enable row level security;
alter table invitations force row level security;
create policy invitations_select on invitations for select
  using (organization_id = tenancy.org_id() or tenancy.is_system());
create policy invitations_insert on invitations for insert
  with check (organization_id = tenancy.org_id() or tenancy.is_system());
create policy invitations_update on invitations for update
  using (organization_id = tenancy.org_id() or tenancy.is_system())
  with check (organization_id = tenancy.org_id() or tenancy.is_system());
create policy invitations_delete on invitations for delete
  using (organization_id = tenancy.org_id() or tenancy.is_system());

grant select, insert, update, delete on organizations, memberships, invitations to switchboard_app;
grant select on organizations, memberships to switchboard_worker;
