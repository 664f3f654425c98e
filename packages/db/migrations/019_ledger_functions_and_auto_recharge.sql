-- Purpose: a cheaper ledger write. The rule of credit_ledger (an entry's idempotency key is used once; the
-- cached balance moves only with an appended entry, by an atomic `balance + amount`) now lives in one
-- database function, append_ledger_entry, which packages/core/src/billing/append-ledger-entry.ts calls and
-- nothing else bypasses; meter_call, the worker's usage debit, calls it in turn. A PL/pgSQL function keeps
-- its statements' plans for the connection's life: the debit was one large statement planned anew on every
-- call (about 0.45 ms of planning for 0.3 ms of execution, docs/billing.md "Numbers"), now a one-line call.
-- Also auto-recharge: an organization may choose a credit pack and a threshold; when an entry takes its
-- balance below the threshold (from at or above), an auto_recharges row is queued with a job that buys the
-- pack off-session through Stripe (packages/core/src/billing/auto-recharge/). Once per crossing: the
-- balance row remembers being below (is_below_recharge), like the low-balance flags of 017.
-- Touches: append_ledger_entry(), meter_call() (new functions); organizations (auto_recharge_pack_id,
-- auto_recharge_threshold_millicredits); credit_balances (is_below_recharge); auto_recharges (new).
--
-- Both are SECURITY INVOKER (the default): they run with the caller's grants and under its RLS policies,
-- exactly as the statements they replace did, so they open nothing the caller could not do itself. Execute
-- is revoked from public and granted to the roles that write credits: all three service roles append
-- entries (the API for trial credits, the worker for usage, the system door for grants and Stripe); only
-- the worker tier meters calls.

-- ── Auto-recharge ───────────────────────────────────────────────────────────────────────────────────────
-- Both set or both null (off). Members set them through the API (billing:manage), which checks that Stripe
-- is configured and the pack is on offer; the API's tenant connection updates organizations already (003).
alter table organizations
  add column auto_recharge_pack_id uuid references credit_packs (id),
  add column auto_recharge_threshold_millicredits bigint check (auto_recharge_threshold_millicredits >= 0),
  add constraint organizations_auto_recharge_check
    check ((auto_recharge_pack_id is null) = (auto_recharge_threshold_millicredits is null));

alter table credit_balances add column is_below_recharge boolean not null default false;
grant update (is_below_recharge) on credit_balances to switchboard_app, switchboard_worker, switchboard_system;

-- One row per crossing: queued with its job by whoever appended the entry that crossed (the worker for
-- usage, the system door for adjustments), settled once by the job or by Stripe's webhook — whichever comes
-- first, under the row's lock — through the system door. The PaymentIntent is created with this row's id
-- as Stripe's idempotency key, and its credits are granted with `stripe:payment_intent:<id>`.
create table auto_recharges (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id),
  pack_id uuid not null references credit_packs (id),
  status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
  stripe_payment_intent_id text unique,
  failure_message text check (length(failure_message) <= 1000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index auto_recharges_organization_id_created_at_idx on auto_recharges (organization_id, created_at desc);
alter table auto_recharges enable row level security;
alter table auto_recharges force row level security;
create policy auto_recharges_select on auto_recharges for select
  using (organization_id = tenancy.org_id() or tenancy.is_system());
create policy auto_recharges_insert on auto_recharges for insert
  with check (organization_id = tenancy.org_id() or tenancy.is_system());
create policy auto_recharges_update on auto_recharges for update
  using (tenancy.is_system()) with check (tenancy.is_system());
create policy auto_recharges_delete on auto_recharges for delete using (false);
grant select on auto_recharges to switchboard_app;
grant select, insert on auto_recharges to switchboard_worker;
grant select, insert, update on auto_recharges to switchboard_system;

-- ── The ledger's writer ──────────────────────────────────────────────────────────────────────────────────
create function append_ledger_entry(
  p_organization_id uuid, p_kind text, p_amount_millicredits bigint, p_idempotency_key text,
  p_call_id uuid, p_reason text, p_created_by uuid,
  -- null when the key was used already (nothing moved)
  out inserted_millicredits bigint,
  -- the balance right after the entry; null when nothing moved
  out balance_millicredits bigint,
  -- the balance row's low/exhausted flags as they were (the upsert leaves them), and the threshold, for
  -- the low-balance emails (note-balance-level.ts)
  out is_low boolean,
  out is_exhausted boolean,
  out low_balance_threshold_millicredits bigint,
  -- the same for auto-recharge: its flag as it was, the organization's threshold and pack
  out is_below_recharge boolean,
  out auto_recharge_threshold_millicredits bigint,
  out auto_recharge_pack_id uuid,
  -- the balance as it is, when nothing moved (a retry answers with it)
  out current_millicredits bigint)
language plpgsql as $$
#variable_conflict use_column
begin
  insert into public.credit_ledger
    (organization_id, kind, amount_millicredits, idempotency_key, call_id, reason, created_by)
  values (p_organization_id, p_kind, p_amount_millicredits, p_idempotency_key, p_call_id, p_reason, p_created_by)
  on conflict (idempotency_key) do nothing
  returning amount_millicredits into inserted_millicredits;
  if inserted_millicredits is null then
    select b.balance_millicredits into current_millicredits
    from public.credit_balances b where b.organization_id = p_organization_id;
    return;
  end if;
  insert into public.credit_balances as b (organization_id, balance_millicredits)
  values (p_organization_id, p_amount_millicredits)
  on conflict (organization_id) do update
    set balance_millicredits = b.balance_millicredits + excluded.balance_millicredits, updated_at = now()
  returning b.balance_millicredits, b.is_low, b.is_exhausted, b.is_below_recharge
  into balance_millicredits, is_low, is_exhausted, is_below_recharge;
  current_millicredits := balance_millicredits;
  select o.low_balance_threshold_millicredits, o.auto_recharge_threshold_millicredits, o.auto_recharge_pack_id
  into low_balance_threshold_millicredits, auto_recharge_threshold_millicredits, auto_recharge_pack_id
  from public.organizations o where o.id = p_organization_id;
end $$;

-- Debits a call's seconds not debited yet: `p_total_millicredits` is the cost of its first seconds so far.
-- The update takes the call's row lock and moves its cost only forward (a retry, a late attempt of an
-- earlier period or a second writer changes nothing); the difference from the old cost is appended as one
-- usage entry. No row: the call is not visible. `before` >= the total: nothing was due.
create function meter_call(
  p_organization_id uuid, p_call_id uuid, p_total_millicredits bigint, p_idempotency_key text, p_reason text,
  out before bigint,
  out inserted_millicredits bigint,
  out balance_millicredits bigint,
  out is_low boolean,
  out is_exhausted boolean,
  out low_balance_threshold_millicredits bigint,
  out is_below_recharge boolean,
  out auto_recharge_threshold_millicredits bigint,
  out auto_recharge_pack_id uuid)
returns setof record
language plpgsql as $$
#variable_conflict use_column
declare
  entry record;
begin
  update public.calls c set cost_millicredits = p_total_millicredits
  where c.id = p_call_id and coalesce(c.cost_millicredits, 0) < p_total_millicredits
  returning coalesce(old.cost_millicredits, 0) into before;
  if not found then
    select coalesce(c.cost_millicredits, 0) into before from public.calls c where c.id = p_call_id;
    if found then return next; end if;
    return;
  end if;
  select * into entry from public.append_ledger_entry(p_organization_id, 'usage',
    before - p_total_millicredits, p_idempotency_key, p_call_id, p_reason, null);
  -- These seconds cost more, yet their key was used: only a hand-edited row gets here. The ledger wins;
  -- failing rolls the transaction back and reports it.
  if entry.inserted_millicredits is null then
    raise exception 'call %: the debit % was made already, but its cost says otherwise', p_call_id, p_idempotency_key;
  end if;
  inserted_millicredits := entry.inserted_millicredits;
  balance_millicredits := entry.balance_millicredits;
  is_low := entry.is_low;
  is_exhausted := entry.is_exhausted;
  low_balance_threshold_millicredits := entry.low_balance_threshold_millicredits;
  is_below_recharge := entry.is_below_recharge;
  auto_recharge_threshold_millicredits := entry.auto_recharge_threshold_millicredits;
  auto_recharge_pack_id := entry.auto_recharge_pack_id;
  return next;
end $$;

revoke all on function append_ledger_entry(uuid, text, bigint, text, uuid, text, uuid) from public;
grant execute on function append_ledger_entry(uuid, text, bigint, text, uuid, text, uuid)
  to switchboard_app, switchboard_worker, switchboard_system;
revoke all on function meter_call(uuid, uuid, bigint, text, text) from public;
grant execute on function meter_call(uuid, uuid, bigint, text, text) to switchboard_worker;
