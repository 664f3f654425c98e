-- Purpose: the "credits low" and "credits exhausted" emails go out once per crossing. The balance row
-- remembers whether the balance was below the organization's low-balance threshold, and at or below zero,
-- the last time it moved; an entry that moves it across (from above) sends the email and sets the flag, one
-- that moves it back above clears it. The flags live on the balance row, so they change under the same row
-- lock as the balance: two debits crossing at the same moment send one email.
-- Touches: credit_balances (is_low, is_exhausted); column grants to the three service roles.
--
-- Whoever appends a ledger entry (the API for trial credits, the worker tier for usage, the system door for
-- grants and Stripe) also writes these flags and enqueues the emails in the same transaction: email_outbox
-- insert and jobs.enqueue are granted to all three already (004, 001, 010), and so are memberships, roles
-- and auth.users (id, name, email) for finding the organization's billing members.

alter table credit_balances
  add column is_low boolean not null default false,
  add column is_exhausted boolean not null default false;

grant update (is_low, is_exhausted) on credit_balances to switchboard_app, switchboard_worker, switchboard_system;
