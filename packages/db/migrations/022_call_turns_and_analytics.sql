-- Purpose: per-turn latency of every call (what the LiveKit Agents SDK measures), and the indexes that keep
-- the organization's analytics fast at a million calls.
-- Touches: call_turns (new); indexes on calls, call_tool_calls.
--
-- A turn is one reply of the agent (the SDK's speech id, or a realtime response's request id), numbered per
-- call in the order the worker saw them. The worker writes a turn's whole row again each time it learns
-- more (an upsert of the same values is harmless when a retried write lands twice), through the call
-- recorder's queue, so recording never holds up the conversation. Values are milliseconds; null means the
-- SDK did not measure it for this turn (no end-of-utterance in a text chat, no first token for a realtime
-- model, whose first audio is its only measure).
-- The analytics read calls by organization and creation time, optionally by agent: covering indexes let
-- those aggregates run from the index alone (docs/performance.md "Analytics at 1,000,000 calls").

create table call_turns (
  organization_id uuid not null references organizations (id) on delete cascade,
  call_id uuid not null,
  turn_index integer not null check (turn_index >= 1),
  speech_id text not null check (length(speech_id) between 1 and 200),
  end_of_utterance_ms integer check (end_of_utterance_ms >= 0),
  transcription_ms integer check (transcription_ms >= 0),
  first_token_ms integer check (first_token_ms >= 0),
  first_audio_ms integer check (first_audio_ms >= 0),
  tool_ms integer not null default 0 check (tool_ms >= 0),
  tool_calls integer not null default 0 check (tool_calls >= 0),
  created_at timestamptz not null default now(),
  primary key (call_id, turn_index),
  foreign key (organization_id, call_id) references calls (organization_id, id) on delete cascade,
  unique (call_id, speech_id)
);
create index call_turns_organization_id_created_at_idx on call_turns (organization_id, created_at)
  include (call_id, end_of_utterance_ms, first_token_ms, first_audio_ms, tool_ms, tool_calls);

alter table call_turns enable row level security;
alter table call_turns force row level security;
create policy call_turns_select on call_turns for select
  using (organization_id = tenancy.org_id() or tenancy.is_system());
create policy call_turns_insert on call_turns for insert with check (organization_id = tenancy.org_id());
create policy call_turns_update on call_turns for update
  using (organization_id = tenancy.org_id()) with check (organization_id = tenancy.org_id());
create policy call_turns_delete on call_turns for delete using (false);

-- The worker records turns as they happen; the API only reads them.
grant select on call_turns to switchboard_app;
grant select, insert, update on call_turns to switchboard_worker;

-- Analytics by organization and date, and by agent and date: every figure they sum is in the index.
create index calls_analytics_org_idx on calls (organization_id, created_at)
  include (agent_id, status, end_reason, duration_seconds, cost_millicredits);
create index calls_analytics_agent_idx on calls (organization_id, agent_id, created_at)
  include (status, end_reason, duration_seconds, cost_millicredits);
-- Tool calls by function over a date range.
create index call_tool_calls_analytics_idx on call_tool_calls (organization_id, started_at)
  include (call_id, function_name, is_error, finished_at);
