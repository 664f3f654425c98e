-- Purpose: a running call's debit (debit_call → meter_call, 019/029) updates only calls.cost_millicredits,
-- every ~10 s of every call; it should be the cheapest write the ledger makes. It was not: cost_millicredits
-- was an INCLUDE column of migration 022's two covering analytics indexes, so PostgreSQL could never update
-- the row in place (a HOT update) and wrote a new entry into every index of calls on each debit
-- (docs/billing.md, Numbers). Analytics reads whole days from call_daily_rollups since 031 and raw calls only
-- for partial days, a small range the heap can serve, so the indexes no longer need the cost.
-- Touches: calls_analytics_org_idx and calls_analytics_agent_idx (rebuilt without cost_millicredits);
-- calls' fillfactor (90: room on each page for the new version of a row, which a HOT update needs).
-- No data or grants change.

drop index calls_analytics_org_idx;
create index calls_analytics_org_idx on calls (organization_id, created_at)
  include (agent_id, status, end_reason, duration_seconds);
drop index calls_analytics_agent_idx;
create index calls_analytics_agent_idx on calls (organization_id, agent_id, created_at)
  include (status, end_reason, duration_seconds);

alter table calls set (fillfactor = 90);
