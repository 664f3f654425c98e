/**
 * The contracts' plain values (lists of choices, limits), in a module without zod: the dashboard imports
 * them from here, so a page that only offers choices does not load the schemas' library (about 30 KB of
 * compressed JavaScript; docs/performance.md, "Dashboard"). The schema modules use and re-export them.
 */

/**
 * The Gemini Live model a new agent gets: the default of the installed @livekit/agents-plugin-google (a test
 * in apps/worker compares them, so upgrading the plugin flags this constant).
 */
export const GEMINI_LIVE_DEFAULT_MODEL = 'gemini-2.5-flash-native-audio-preview-12-2025';

export const MODEL_PROVIDERS = ['gemini_live', 'openai_realtime', 'openai_compatible'] as const;

/**
 * Placeholders the worker always fills in, in the prompt and the greeting, when the call starts. Any other
 * `{{name}}` is one of the call's own variables (an outbound call's `variables`); a name the call does not
 * have is filled with empty text (docs/phone.md "Variables").
 */
export const GREETING_VARIABLES = ['agent_name', 'organization_name', 'caller_number'] as const;

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** How many functions one tool holds: what an agent may switch on, and what an OpenAPI import may yield. */
export const MAX_TOOL_FUNCTIONS = 500;

/**
 * The largest document the import reads, in UTF-8 bytes: the biggest public descriptions (Stripe's is about
 * 7 MB of JSON) fit. JSON parses in well under a second per MB; YAML costs about 2 s and 300 MB per MB, which
 * the import thread's time and memory limits bound.
 */
export const OPENAPI_DOCUMENT_MAX_BYTES = 10 * 1024 * 1024;

/** Every event a webhook endpoint can subscribe to; payloads are documented in docs/webhooks.md. */
export const WEBHOOK_EVENT_TYPES = [
  'call.started',
  'call.ended',
  'call.analyzed',
  'phone_number.assigned',
  'phone_number.released',
  'credits.low',
] as const;
