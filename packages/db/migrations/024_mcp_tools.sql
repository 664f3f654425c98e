-- Purpose: remote MCP servers as tools (issue 14, docs/agents-and-tools.md "MCP servers"). A tool of kind
-- 'mcp' keeps the server's URL, how to authenticate (a sealed secret, like every tool secret) and the
-- server's tools as its functions. Listing them needs the credential, so the API never does it: "Refresh
-- tools" records a pending mcp_tool_refreshes row and queues a job in the same transaction (like
-- tool_test_runs); the worker tier lists the server and writes the list back with apply_mcp_tool_list.
-- Touches: tools (kind check), mcp_tool_refreshes (new), apply_mcp_tool_list() (new function).
--
-- The worker role keeps no UPDATE on tools.config: apply_mcp_tool_list is SECURITY DEFINER and can only
-- replace `functions` and `lastRefresh` of an 'mcp' tool whose URL is still the one that was listed (a
-- URL changed meanwhile is not overwritten with the old server's list). It names the caller's
-- organization itself (tenancy.org_id()) rather than rely on RLS: the owner it runs as may bypass RLS (a
-- superuser does, FORCE or not).

alter table tools drop constraint tools_kind_check;
alter table tools add constraint tools_kind_check
  check (kind in ('http', 'google_calendar', 'call_control', 'mcp'));

create table mcp_tool_refreshes (
  id uuid primary key default gen_random_uuid(),
  organization_id uuid not null references organizations (id) on delete cascade,
  tool_id uuid not null,
  -- The server listed: the tool's URL when the refresh was asked for.
  url text not null check (length(url) <= 2048),
  status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
  -- { added, changed, removed, count } once succeeded.
  result jsonb,
  error text check (length(error) <= 2000),
  requested_by uuid references auth.users (id) on delete set null,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  constraint mcp_tool_refreshes_tool_fkey foreign key (organization_id, tool_id)
    references tools (organization_id, id) on delete cascade
);
create index mcp_tool_refreshes_organization_id_idx on mcp_tool_refreshes (organization_id);
create index mcp_tool_refreshes_tool_id_idx on mcp_tool_refreshes (tool_id);

alter table mcp_tool_refreshes enable row level security;
alter table mcp_tool_refreshes force row level security;
create policy mcp_tool_refreshes_select on mcp_tool_refreshes for select
  using (organization_id = tenancy.org_id());
create policy mcp_tool_refreshes_insert on mcp_tool_refreshes for insert
  with check (organization_id = tenancy.org_id());
create policy mcp_tool_refreshes_update on mcp_tool_refreshes for update
  using (organization_id = tenancy.org_id()) with check (organization_id = tenancy.org_id());
create policy mcp_tool_refreshes_delete on mcp_tool_refreshes for delete
  using (organization_id = tenancy.org_id());

grant select, insert on mcp_tool_refreshes to switchboard_app;
grant select on mcp_tool_refreshes to switchboard_worker;
grant update (status, result, error, finished_at) on mcp_tool_refreshes to switchboard_worker;

-- Stores a listed server's functions on its tool; null when the tool is gone, not 'mcp', or its URL moved.
create function apply_mcp_tool_list(p_tool_id uuid, p_url text, p_functions jsonb, p_last_refresh jsonb)
returns boolean
language sql security definer set search_path = pg_catalog, pg_temp as $$
  update public.tools
  set config = jsonb_set(jsonb_set(config, '{functions}', p_functions), '{lastRefresh}', p_last_refresh),
      updated_at = now()
  where id = p_tool_id and organization_id = tenancy.org_id() and kind = 'mcp' and config ->> 'url' = p_url
  returning true;
$$;
revoke execute on function apply_mcp_tool_list(uuid, text, jsonb, jsonb) from public;
grant execute on function apply_mcp_tool_list(uuid, text, jsonb, jsonb) to switchboard_worker;
