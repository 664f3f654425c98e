-- Purpose: a call's debit in one round trip. The worker's debit was a tenant transaction of three round
-- trips (BEGIN with the tenant's settings, `select * from meter_call(…)`, COMMIT), each a wait for
-- PostgreSQL and a slot of the 2-core machine; the benchmark (bench/billing-ledger.ts) spent more time on
-- them than on the debit. debit_call is one statement that is its own transaction: it scopes that
-- transaction to the organization itself (tenancy.enter_org, what withTenant's set_config does), locks
-- the call's row, and hands the debit to meter_call (019) — the same rule: the call's cost only forward,
-- the difference appended through append_ledger_entry with the key `call:<callId>:upto:<seconds>`, the
-- balance moved only with an appended entry. A retry, a late period or a second writer debits nothing.
-- One case it does not take: a debit that would move the balance across a level the balance row keeps a
-- flag for (the low-balance threshold, zero, the auto-recharge threshold; 017, 019), or a first debit with
-- no balance row yet. Those queue emails, webhook events and auto-recharges, a rule that lives in
-- packages/core/src/billing/note-balance-level.ts and must run in the debit's transaction; debit_call then
-- writes nothing and answers `needs_transaction`, and the worker makes the debit in a tenant transaction
-- (withTenant + meterCall) as before. The check uses the balance read under the balance row's lock, so it
-- cannot miss a crossing; it is the same comparison noteBalanceLevel makes (keep the two in step).
-- Touches: tenancy.enter_org(), debit_call() (new functions). No table changes.
--
-- Both functions are SECURITY INVOKER: they run with the worker role's own grants and under its RLS
-- policies, so RLS keeps its meaning — the organization debit_call enters is the one every policy then
-- checks, a call of another organization is not visible (nothing is debited: `before` is null), and the
-- ledger's composite key (organization_id, call_id) refuses an entry naming another organization's call.
-- SECURITY DEFINER would run as the tables' owner and need the function to re-check by hand what the
-- policies check already. tenancy.enter_org refuses to change an organization the transaction acts for
-- already, so inside a withTenant transaction of organization A, debit_call for B fails instead of
-- switching tenants. No `set search_path`: every name is schema-qualified, and a SET clause would cost a
-- configuration save and restore on every debit.
-- Execute is revoked from public and granted to switchboard_worker only, the role that meters (as
-- meter_call); the API's roles cannot debit calls.

-- The organization of the current transaction, set from inside a statement: for a function that is its
-- own transaction (one round trip) where withTenant would send set_config before it. Only once per
-- transaction: a transaction already acting for another organization is refused, never switched.
create function tenancy.enter_org(p_organization_id uuid) returns void
language plpgsql as $$
begin
  if p_organization_id is null then
    raise exception 'tenancy.enter_org needs an organization';
  end if;
  if tenancy.org_id() is not null and tenancy.org_id() <> p_organization_id then
    raise exception 'this transaction acts for another organization'
      using errcode = 'insufficient_privilege';
  end if;
  perform set_config('app.org_id', p_organization_id::text, true);
end $$;

-- `before`: what the call was debited before (null: the call is not visible — another organization's or
-- none). `balance_millicredits`: the balance right after this debit; null when nothing was debited.
-- `needs_transaction`: nothing was written; make the debit in a tenant transaction (see Purpose).
create function debit_call(
  p_organization_id uuid, p_call_id uuid, p_total_millicredits bigint, p_idempotency_key text, p_reason text,
  out before bigint,
  out balance_millicredits bigint,
  out needs_transaction boolean)
language plpgsql as $$
#variable_conflict use_column
declare
  balance record;
  levels record;
  balance_after bigint;
  debit record;
begin
  perform tenancy.enter_org(p_organization_id);
  needs_transaction := false;
  -- The lock meter_call's update would take (not FOR UPDATE: the call's transcript and turns reference
  -- the row, and their inserts must not wait for a debit).
  select coalesce(c.cost_millicredits, 0) into before
  from public.calls c where c.id = p_call_id for no key update;
  if not found or before >= p_total_millicredits then
    return;
  end if;
  select b.balance_millicredits, b.is_low, b.is_exhausted, b.is_below_recharge into balance
  from public.credit_balances b where b.organization_id = p_organization_id for update;
  if not found then
    needs_transaction := true;
    return;
  end if;
  select o.low_balance_threshold_millicredits as low, o.auto_recharge_threshold_millicredits as recharge,
    o.auto_recharge_pack_id as pack into levels
  from public.organizations o where o.id = p_organization_id;
  balance_after := balance.balance_millicredits - (p_total_millicredits - before);
  -- noteBalanceLevel's flags for the balance after the debit; a change is a crossing.
  if (levels.low is not null and balance_after < levels.low) is distinct from balance.is_low
    or (balance_after <= 0) is distinct from balance.is_exhausted
    or (levels.pack is not null and levels.recharge is not null and balance_after < levels.recharge)
      is distinct from balance.is_below_recharge then
    needs_transaction := true;
    return;
  end if;
  select m.before, m.inserted_millicredits, m.balance_millicredits into debit
  from public.meter_call(p_organization_id, p_call_id, p_total_millicredits, p_idempotency_key, p_reason) m;
  -- Both rows are locked since the reads above: meter_call debits exactly the difference.
  if debit.inserted_millicredits is null or debit.before <> before then
    raise exception 'call %: the debit % did not append as its locked cost said', p_call_id, p_idempotency_key;
  end if;
  balance_millicredits := debit.balance_millicredits;
end $$;

revoke all on function tenancy.enter_org(uuid) from public;
grant execute on function tenancy.enter_org(uuid) to switchboard_worker;
revoke all on function debit_call(uuid, uuid, bigint, text, text) from public;
grant execute on function debit_call(uuid, uuid, bigint, text, text) to switchboard_worker;
