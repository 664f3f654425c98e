-- Purpose: the voice worker answers inbound phone calls itself. A LiveKit dispatch rule sends the agent into
-- a new room with only the organization and the dialled number; no call row exists yet, so the worker reads
-- which agent the number is assigned to, checks admission under the same organization lock the API takes
-- for a web call, and records the call (a refused one too) before the caller hears anything.
-- Touches: grants only — calls (insert, column list), organizations (update of updated_at, the narrowest
-- column, because `select … for no key update` needs an UPDATE privilege). The worker already reads
-- phone_numbers and phone_connections (020).
-- RLS is unchanged: calls_insert already requires organization_id = tenancy.org_id(), so the worker inserts
-- only into the organization of the job's tenant transaction, and organizations_update only its own row.

grant insert (
  id, organization_id, agent_id, agent_version, channel, status, room_name, caller, direction, from_number,
  to_number, phone_status, provider_call_id, sip_call_id, claimed_at, worker_id, worker_heartbeat_at
) on calls to switchboard_worker;

grant update (updated_at) on organizations to switchboard_worker;
