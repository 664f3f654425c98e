-- Purpose: selling credits through Stripe — the plans and credit packs a platform admin offers, each
-- organization's Stripe customer and subscription, and the Stripe webhook events already applied.
-- Touches: billing_plans, credit_packs, billing_subscriptions, stripe_webhook_events (new); grants to
-- switchboard_system on organizations (concurrent_call_limit) and memberships (payment-failed emails).
--
-- Plans and packs are installation-wide (not tenant data, no RLS): platform admins write them through the
-- system door, members read them to choose. A subscription row is tenant data: the organization reads its
-- own; only the system door (webhooks, re-sync) changes it, from what Stripe says. The API creates the row
-- with the Stripe customer it made for the organization (tenant transaction, before the first Checkout).

create table billing_plans (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 100),
  -- What the Stripe Price charges, for display; Stripe charges the Price itself.
  monthly_price_cents integer not null check (monthly_price_cents >= 0),
  currency text not null default 'usd' check (currency ~ '^[a-z]{3}$'),
  credits_per_period_millicredits bigint not null check (credits_per_period_millicredits >= 0),
  concurrent_calls integer not null check (concurrent_calls > 0),
  stripe_price_id text not null unique check (length(stripe_price_id) between 1 and 255),
  is_active boolean not null default true,
  updated_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table credit_packs (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 100),
  credits_millicredits bigint not null check (credits_millicredits > 0),
  price_cents integer not null check (price_cents >= 0),
  currency text not null default 'usd' check (currency ~ '^[a-z]{3}$'),
  stripe_price_id text not null unique check (length(stripe_price_id) between 1 and 255),
  is_active boolean not null default true,
  updated_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

grant select on billing_plans, credit_packs to switchboard_app, switchboard_system;
grant insert, update on billing_plans, credit_packs to switchboard_system;

-- One row per organization that ever went to Checkout. Status is null until a subscription exists.
create table billing_subscriptions (
  organization_id uuid primary key references organizations (id),
  stripe_customer_id text not null unique,
  stripe_subscription_id text unique,
  plan_id uuid references billing_plans (id),
  status text check (status in ('active', 'past_due', 'canceled')),
  current_period_start timestamptz,
  current_period_end timestamptz,
  cancel_at_period_end boolean not null default false,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
alter table billing_subscriptions enable row level security;
alter table billing_subscriptions force row level security;
create policy billing_subscriptions_select on billing_subscriptions for select
  using (organization_id = tenancy.org_id() or tenancy.is_system());
create policy billing_subscriptions_insert on billing_subscriptions for insert
  with check (organization_id = tenancy.org_id() or tenancy.is_system());
create policy billing_subscriptions_update on billing_subscriptions for update
  using (tenancy.is_system()) with check (tenancy.is_system());
create policy billing_subscriptions_delete on billing_subscriptions for delete using (false);

grant select, insert (organization_id, stripe_customer_id) on billing_subscriptions to switchboard_app;
grant select, insert, update on billing_subscriptions to switchboard_system;

-- Each Stripe event is applied once: its id is inserted in the transaction that applies it, so a replay or a
-- concurrent delivery waits on the key and then finds it. Not tenant data (system door only).
create table stripe_webhook_events (
  event_id text primary key,
  type text not null,
  received_at timestamptz not null default now()
);
grant select, insert on stripe_webhook_events to switchboard_system;

-- The plan's concurrent calls become the organization's limit; payment-failed emails go to its admins
-- and billing members.
grant update (concurrent_call_limit, updated_at) on organizations to switchboard_system;
