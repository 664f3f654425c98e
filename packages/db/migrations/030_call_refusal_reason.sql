-- Purpose: an inbound phone call refused before the agent answered says which limit refused it. Until now
-- only the worker's log had it; the call detail page and the API now show it (docs/phone.md).
-- Touches: calls (refusal_reason), the worker's insert grant on calls (that one column).
-- The values are the admission problems the worker can meet when a phone rings (checkCallReadiness, without
-- VOICE_NOT_CONFIGURED: the worker that answers has voice). Only an inbound phone call can carry one: web and
-- outbound calls are refused by the API before any row exists. RLS is unchanged (calls' policies cover it).

alter table calls
  add column refusal_reason text check (
    refusal_reason in (
      'INSUFFICIENT_CREDITS',
      'DAILY_SPEND_CAP_REACHED',
      'CONCURRENT_CALL_LIMIT',
      'AGENT_ARCHIVED',
      'MODEL_NOT_CONFIGURED'
    )
  ),
  add constraint calls_refusal_reason_inbound_check check (
    refusal_reason is null or (channel = 'phone' and direction = 'inbound')
  );

-- The worker records it with the row it inserts when the phone rings (021's column list, plus this one).
grant insert (refusal_reason) on calls to switchboard_worker;
