-- Purpose: apply each LiveKit webhook event at most once. A signed event replayed (by an attacker who saw
-- it, or by LiveKit retrying) finds its id here and changes nothing.
-- Touches: table livekit_webhook_events; role switchboard_system.
-- Not tenant data: an event names a room, not an organization, and is handled through the system door
-- (withSystem, role switchboard_system), the only role granted this table. Rows are needed only while an
-- event could still pass the age check (minutes); older ones are deleted by the webhook itself, by
-- received_at, hence the index.

create table livekit_webhook_events (
  event_id text primary key,
  received_at timestamptz not null default now()
);
create index livekit_webhook_events_received_at_idx on livekit_webhook_events (received_at);

grant select, insert, delete on livekit_webhook_events to switchboard_system;
