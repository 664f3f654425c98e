-- Purpose: playable voice previews in the agent editor (docs/dashboard.md "Voice previews"): a fixed sample
-- sentence spoken by each catalog voice, generated once by the worker tier's job runner with the provider's
-- text-to-speech API and served from here ever after.
-- Touches: voice_previews (new).
--
-- Installation-wide, not tenant data: a preview depends only on (provider, voice, sample version), is the
-- same audio for every organization, and names no organization or person. So the table has no
-- organization_id and no RLS (there is no row one tenant may see and another may not), and the API reaches
-- it on its tenant connection with narrow grants instead of the system door (withSystem is for work across
-- tenants' data, which this is not). Bounded by the catalog: the API inserts only voices the catalog has.
-- The API inserts the pending row and queues the job in one transaction, and may put a failed preview back
-- to pending (a new attempt when someone asks again); the worker fills in the audio or the failure. A
-- preview that is ready never changes: a new sample sentence is a new sample_version, so a new row.

create table voice_previews (
  provider text not null check (provider in ('gemini_live', 'openai_realtime', 'openai_compatible')),
  voice text not null check (length(voice) between 1 and 100),
  sample_version integer not null check (sample_version > 0),
  status text not null default 'pending' check (status in ('pending', 'ready', 'failed')),
  content_type text check (content_type in ('audio/wav', 'audio/mpeg')),
  -- A sentence of speech: tens to hundreds of kilobytes; the bound keeps a misbehaving provider out.
  audio bytea check (octet_length(audio) <= 4194304),
  error text check (length(error) <= 2000),
  requested_at timestamptz not null default now(),
  generated_at timestamptz,
  primary key (provider, voice, sample_version),
  check ((status = 'ready') = (audio is not null and content_type is not null)),
  check ((status = 'failed') = (error is not null))
);

grant select, insert (provider, voice, sample_version) on voice_previews to switchboard_app;
grant update (status, error, requested_at) on voice_previews to switchboard_app;
grant select, update (status, content_type, audio, error, generated_at) on voice_previews to switchboard_worker;
