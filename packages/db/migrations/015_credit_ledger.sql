-- Purpose: the money model — an append-only credit ledger per organization, its cached balance, the
-- platform-wide price of a call minute, and each organization's spend guardrails.
-- Touches: credit_ledger, credit_balances, call_prices (new); organizations (billing settings columns);
-- calls (cost_credits numeric → cost_millicredits bigint).
--
-- Units are integer millicredits (1 credit = 1000) everywhere in the database: no rounding drift between a
-- ledger sum and a balance. Every entry carries a globally unique idempotency key (trial:<orgId>,
-- usage:<callId>:<tick>, a Stripe event id, …): a retried write inserts nothing. credit_balances is a cache
-- of the ledger sum, moved only by packages/core/src/billing/append-ledger-entry.ts in the transaction that
-- inserts the entry, with an atomic `balance = balance + amount` (never read-modify-write).
-- Ledger rows are never changed or removed: no service role holds UPDATE or DELETE, and a trigger refuses
-- them for everyone else too (the owner included), so a correction is a new 'adjustment' entry.
-- Neither table cascades from organizations or calls: financial history outlives what it refers to.

create table credit_ledger (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  kind text not null check (kind in ('trial', 'manual_grant', 'plan_grant', 'purchase', 'usage', 'refund',
    'adjustment', 'expiry')),
  amount_millicredits bigint not null,
  idempotency_key text not null unique check (length(idempotency_key) between 1 and 300),
  call_id uuid,
  reason text check (length(reason) <= 1000),
  created_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  constraint credit_ledger_call_fkey foreign key (organization_id, call_id) references calls (organization_id, id)
);
-- The ledger page (newest first) and today's usage for the daily cap both start with the organization.
create index credit_ledger_organization_id_created_at_idx on credit_ledger (organization_id, created_at desc);
create index credit_ledger_call_id_idx on credit_ledger (call_id) where call_id is not null;

create function credit_ledger_refuse_change() returns trigger
  language plpgsql
  as $$
    begin
      raise exception 'credit_ledger is append-only: add an adjustment entry instead of % ', tg_op
        using errcode = 'insufficient_privilege';
    end
  $$;
create trigger credit_ledger_append_only
  before update or delete on credit_ledger
  for each row execute function credit_ledger_refuse_change();
create trigger credit_ledger_no_truncate
  before truncate on credit_ledger
  for each statement execute function credit_ledger_refuse_change();

create table credit_balances (
  organization_id uuid primary key references organizations (id),
  balance_millicredits bigint not null default 0,
  updated_at timestamptz not null default now()
);

do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array['credit_ledger', 'credit_balances']
  loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format('alter table %I force row level security', tenant_table);
    execute format(
      'create policy %I on %I for select using (organization_id = tenancy.org_id() or tenancy.is_system())',
      tenant_table || '_select', tenant_table);
    execute format(
      'create policy %I on %I for insert with check (organization_id = tenancy.org_id() or tenancy.is_system())',
      tenant_table || '_insert', tenant_table);
  end loop;
end
$$;
-- Append-only: no row of the ledger is ever visible to UPDATE or DELETE.
create policy credit_ledger_update on credit_ledger for update using (false) with check (false);
create policy credit_ledger_delete on credit_ledger for delete using (false);
-- The upsert of append-ledger-entry updates the balance row; nobody deletes it.
create policy credit_balances_update on credit_balances for update
  using (organization_id = tenancy.org_id() or tenancy.is_system())
  with check (organization_id = tenancy.org_id() or tenancy.is_system());
create policy credit_balances_delete on credit_balances for delete using (false);

-- The API grants trial credits in the transaction that creates the organization; the worker tier debits
-- usage while calls run; the system door carries platform-admin grants and Stripe's grants.
grant select, insert on credit_ledger to switchboard_app, switchboard_worker, switchboard_system;
grant select, insert, update (balance_millicredits, updated_at) on credit_balances
  to switchboard_app, switchboard_worker, switchboard_system;

-- ── Prices ──────────────────────────────────────────────────────────────────────────────────────────────
-- Installation-wide, set by platform admins through the system door: not tenant data, so no RLS.
create table call_prices (
  channel text not null check (channel in ('web', 'phone', 'chat')),
  model_kind text not null check (model_kind in ('realtime', 'pipeline')),
  millicredits_per_minute bigint not null check (millicredits_per_minute >= 0),
  updated_by uuid references auth.users (id) on delete set null,
  updated_at timestamptz not null default now(),
  primary key (channel, model_kind)
);
-- 1 credit is meant as about one US cent; see docs/billing.md "Pricing".
insert into call_prices (channel, model_kind, millicredits_per_minute) values
  ('web', 'realtime', 10000),
  ('web', 'pipeline', 6000),
  ('phone', 'realtime', 12000),
  ('phone', 'pipeline', 8000),
  ('chat', 'realtime', 2000),
  ('chat', 'pipeline', 1000);
grant select on call_prices to switchboard_app, switchboard_worker, switchboard_system;
grant insert, update (millicredits_per_minute, updated_by, updated_at) on call_prices to switchboard_system;

-- ── Guardrails ──────────────────────────────────────────────────────────────────────────────────────────
-- Null means no cap. The API already updates organizations under RLS; core decides who may change these.
alter table organizations
  add column daily_spend_cap_millicredits bigint check (daily_spend_cap_millicredits >= 0),
  add column call_cost_cap_millicredits bigint check (call_cost_cap_millicredits > 0),
  add column concurrent_call_limit integer check (concurrent_call_limit > 0),
  add column low_balance_threshold_millicredits bigint check (low_balance_threshold_millicredits >= 0);

-- ── A call's cost in the ledger's unit ──────────────────────────────────────────────────────────────────
-- Column privileges follow the column through the rename (switchboard_system's update of 014 stays).
alter table calls rename column cost_credits to cost_millicredits;
alter table calls alter column cost_millicredits type bigint using round(cost_millicredits * 1000)::bigint;

-- Admission counts an organization's open calls against its concurrent-call limit.
create index calls_organization_id_open_idx on calls (organization_id) where status in ('created', 'active');
