-- Purpose: "chat with an agent" (docs/agents-and-tools.md): a typed conversation with an agent, run by the
-- worker tier's job runner one turn at a time, and kept as a call of channel 'chat'.
-- Touches: chat_turns (new).
--
-- A turn is the greeting (user_text null, kind 'greet'), one message of the tester and the agent's reply with
-- that turn's tool calls (kind 'message'), or the end of the chat (kind 'end'). The API inserts a pending turn
-- and queues its job in the same transaction (like tool_test_runs); the worker fills in the outcome. The
-- worker rebuilds the conversation from the finished turns of the call before each message, so no state
-- lives in a worker process between messages. tool_calls holds what the dashboard shows (name, arguments,
-- result or error), as recorded in call_tool_calls. The API inserts and reads; the worker reads and updates;
-- nobody deletes (the call's deletion cascades).

create table chat_turns (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  call_id uuid not null,
  kind text not null check (kind in ('greet', 'message', 'end')),
  user_text text check (length(user_text) <= 4000),
  status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
  reply text,
  tool_calls jsonb not null default '[]'::jsonb,
  error text check (length(error) <= 2000),
  requested_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  check ((kind = 'message') = (user_text is not null)),
  foreign key (organization_id, call_id) references calls (organization_id, id) on delete cascade
);
create index chat_turns_call_id_idx on chat_turns (call_id, created_at);
create index chat_turns_organization_id_idx on chat_turns (organization_id);

alter table chat_turns enable row level security;
alter table chat_turns force row level security;
create policy chat_turns_select on chat_turns for select using (organization_id = tenancy.org_id());
create policy chat_turns_insert on chat_turns for insert with check (organization_id = tenancy.org_id());
create policy chat_turns_update on chat_turns for update using (organization_id = tenancy.org_id())
  with check (organization_id = tenancy.org_id());
create policy chat_turns_delete on chat_turns for delete using (false);

grant select, insert on chat_turns to switchboard_app;
grant select, update (status, reply, tool_calls, error, finished_at) on chat_turns to switchboard_worker;
