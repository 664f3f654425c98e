-- Purpose: post-call analysis (docs/analysis.md): a summary, the structured data the agent's JSON Schema asks
-- for, and a success evaluation, written once per call by the worker tier's job runner after the call is
-- finalized.
-- Touches: call_analyses (new).
--
-- One row per call (the primary key is the call): a retried job finds the row and stops, so an analysis is
-- never duplicated. `completed` carries the results; `failed` and `skipped` carry the reason (the model
-- answered outside the schema twice, no transcript, the provider refused). The API only reads; the worker
-- only inserts; nobody updates or deletes (the call's deletion cascades). The Calls list filters by
-- evaluation and by a field of the data: a btree on (organization_id, evaluation_score) and a GIN index
-- (jsonb_path_ops, i.e. containment `data @> '{"field": value}'`) keep both indexed.

create table call_analyses (
  call_id uuid primary key,
  organization_id uuid not null references organizations (id) on delete cascade,
  status text not null check (status in ('completed', 'failed', 'skipped')),
  reason text check (length(reason) <= 2000),
  summary text check (length(summary) <= 20000),
  data jsonb,
  evaluation_score text check (evaluation_score in ('pass', 'fail', '1', '2', '3', '4', '5')),
  evaluation_reason text check (length(evaluation_reason) <= 4000),
  model text check (length(model) <= 200),
  created_at timestamptz not null default now(),
  check ((status = 'completed') = (reason is null)),
  foreign key (organization_id, call_id) references calls (organization_id, id) on delete cascade
);
create index call_analyses_organization_id_idx on call_analyses (organization_id, evaluation_score);
create index call_analyses_data_idx on call_analyses using gin (data jsonb_path_ops);

alter table call_analyses enable row level security;
alter table call_analyses force row level security;
create policy call_analyses_select on call_analyses for select using (organization_id = tenancy.org_id());
create policy call_analyses_insert on call_analyses for insert with check (organization_id = tenancy.org_id());
create policy call_analyses_update on call_analyses for update using (false);
create policy call_analyses_delete on call_analyses for delete using (false);

grant select on call_analyses to switchboard_app;
grant select, insert on call_analyses to switchboard_worker;
