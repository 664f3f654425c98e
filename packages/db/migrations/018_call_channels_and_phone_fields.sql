-- Purpose: a call row can describe a phone call (either direction) and a typed test chat, and carries the
-- dynamic variables its prompt was filled with.
-- Touches: calls (channel 'chat', direction, from_number, to_number, phone_status, provider_call_id,
-- sip_call_id, variables).
-- A phone call's progress (dialing → ringing → answered …) comes from Twilio's status callbacks through the
-- system door, so switchboard_system may update the phone columns; the worker tier records what it learns
-- from the SIP participant. Variables are data the caller or the API supplied: they fill {{name}} slots,
-- they are never executed.

alter table calls drop constraint calls_channel_check;
alter table calls add constraint calls_channel_check check (channel in ('web', 'phone', 'chat'));

alter table calls
  add column direction text check (direction in ('inbound', 'outbound')),
  add column from_number text,
  add column to_number text,
  add column phone_status text check (
    phone_status in ('queued', 'dialing', 'ringing', 'answered', 'no_answer', 'busy', 'failed', 'canceled', 'completed')
  ),
  add column provider_call_id text,
  add column sip_call_id text,
  add column variables jsonb not null default '{}'::jsonb,
  add constraint calls_phone_direction_check check ((channel = 'phone') = (direction is not null));

-- Twilio names a call by its CallSid; status callbacks find the row by it.
create unique index calls_provider_call_id_key on calls (provider_call_id) where provider_call_id is not null;

grant update (phone_status, provider_call_id, sip_call_id) on calls to switchboard_app;
grant update (phone_status, provider_call_id, sip_call_id, end_reason) on calls to switchboard_system;
