import { BillingMeteringEnvSchema } from '@switchboard/contracts/billing';
import { createSecretBox, type SecretBox } from '@switchboard/core/secrets/secret-box';
import { missingVoiceSettings } from '@switchboard/core/voice/missing-voice-settings';
import { EgressAllowSchema } from '@switchboard/tools/egress/egress-allow-schema';
import { z } from 'zod';

const optional = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

const list = optional.transform((value) =>
  (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean),
);

/**
 * Everything the worker tier (the voice worker and the job runner, apps/worker/src/main.ts and jobs.ts)
 * reads from the environment, parsed once at boot. Only this tier holds the worker role's connection and
 * the private key that opens secrets; the API never gets them (ADR 007).
 */
export const WorkerEnvSchema = z.object({
  LIVEKIT_URL: optional,
  LIVEKIT_API_KEY: optional,
  LIVEKIT_API_SECRET: optional,
  LIVEKIT_AGENT_NAME: optional.transform((value) => value ?? 'switchboard'),
  DATABASE_WORKER_URL: optional,
  /** The job runner's system door: the stale-call sweeper and re-sealing work across organizations. */
  DATABASE_SYSTEM_URL: optional,
  // Bounds on the worker tier's pools; the voice worker and the job runner keep running while the database
  // is away and reconnect when it is back (docs/operations/database-faults.md).
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
  /** Opens secrets the API sealed with SWITCHBOARD_SECRETS_PUBLIC_KEY; seals refreshed OAuth tokens. */
  SWITCHBOARD_SECRETS_PRIVATE_KEY: optional,
  /** Private keys of rotated-out key pairs: they still open, and the job runner re-seals at start. */
  SWITCHBOARD_SECRETS_PREVIOUS_PRIVATE_KEYS: list,
  /** Legacy: AES keys of the former format (v1), only to open and re-seal values sealed before ADR 007. */
  SWITCHBOARD_ENCRYPTION_KEY: optional,
  SWITCHBOARD_ENCRYPTION_PREVIOUS_KEYS: list,
  GOOGLE_API_KEY: optional,
  OPENAI_API_KEY: optional,
  OPENAI_BASE_URL: optional,
  // Post-call analysis (docs/analysis.md) with the operator's own chat-completions server instead of each
  // agent's provider: its base URL (…/v1), the model there, and its key if it needs one. Empty is unset, as
  // the deployment files pass it.
  ANALYSIS_BASE_URL: optional.pipe(z.url({ protocol: /^https?$/ }).optional()),
  ANALYSIS_MODEL: optional,
  ANALYSIS_API_KEY: optional,
  // Chat with an agent (docs/agents-and-tools.md): the text models standing in for the realtime ones.
  CHAT_OPENAI_MODEL: z.string().trim().min(1).default('gpt-4.1-mini'),
  CHAT_GEMINI_MODEL: z.string().trim().min(1).default('gemini-2.5-flash'),
  // Voice previews (docs/dashboard.md "Voice previews"): the provider APIs' roots, for a local stand-in in
  // tests and development; unset in production.
  VOICE_PREVIEW_GEMINI_BASE_URL: z
    .url({ protocol: /^https?$/ })
    .default('https://generativelanguage.googleapis.com/v1beta'),
  VOICE_PREVIEW_OPENAI_BASE_URL: z.url({ protocol: /^https?$/ }).default('https://api.openai.com/v1'),
  GOOGLE_CLIENT_ID: optional,
  GOOGLE_CLIENT_SECRET: optional,
  // On SIGTERM the voice worker takes no new calls and lets running ones finish for this long; a call still
  // running then is ended as `worker_shutdown` (docs/operations/call-admission.md).
  WORKER_DRAIN_TIMEOUT_SECONDS: z.coerce.number().int().positive().default(600),
  // A call whose organization's balance ran out, or that reached its per-call cost cap, goes on this long
  // before the agent says goodbye and hangs up (docs/billing.md "Metering").
  BILLING_GRACE_SECONDS: z.coerce.number().min(0).max(600).default(15),
  // Auto-recharge (docs/billing.md "Auto-recharge"): the job runner buys a credit pack off-session with the
  // operator's Stripe key; unset, an organization's auto-recharge fails and says Stripe is not configured.
  // PUBLIC_URL is the dashboard's origin, for the emails' link to the Billing page (the API's PUBLIC_URL).
  STRIPE_SECRET_KEY: optional,
  STRIPE_API_BASE: z.url().optional(),
  PUBLIC_URL: z.url().default('http://localhost:3000'),
  // Phone (docs/phone.md): LiveKit's SIP endpoint Twilio's trunks send inbound calls to, and the
  // installation's own Twilio account (Auth Token or API key) that organizations may use instead of theirs.
  // TWILIO_API_BASE points the Twilio SDK at a stand-in (tests, local development); unset in production.
  LIVEKIT_SIP_URI: optional,
  TWILIO_ACCOUNT_SID: optional,
  TWILIO_AUTH_TOKEN: optional,
  TWILIO_API_KEY_SID: optional,
  TWILIO_API_KEY_SECRET: optional,
  TWILIO_API_BASE: z.url().optional(),
  // The levels LiveKit's CLI accepts (it reads LOG_LEVEL too).
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  // Internal hosts, addresses and CIDR ranges that HTTP tools and agents' model servers may reach (docs/security/egress.md).
  EGRESS_ALLOW: EgressAllowSchema,
  ...BillingMeteringEnvSchema.shape,
});
export type WorkerEnv = z.infer<typeof WorkerEnvSchema>;

/** Parses the environment; only malformed values throw (what is missing is reported separately). */
export function loadWorkerEnv(env: NodeJS.ProcessEnv): WorkerEnv {
  const parsed = WorkerEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
      .join('\n');
    throw new Error(`The worker configuration is invalid:\n${problems}`);
  }
  return parsed.data;
}

/**
 * Everything the voice worker must have before it registers with LiveKit: voice settings, the worker-role
 * database and the private key that opens tool secrets. Empty when it can take calls.
 */
export function missingWorkerSettings(env: WorkerEnv): string[] {
  const missing = missingVoiceSettings(env);
  if (!env.DATABASE_WORKER_URL) missing.push('DATABASE_WORKER_URL');
  if (!env.SWITCHBOARD_SECRETS_PRIVATE_KEY) missing.push('SWITCHBOARD_SECRETS_PRIVATE_KEY');
  return missing;
}

/**
 * Everything the job runner must have; it runs whether or not voice is configured. Empty when it can. The
 * system door because the stale-call sweeper works across organizations (docs/operations/stale-calls.md).
 */
export function missingJobSettings(env: WorkerEnv): string[] {
  const needed = ['DATABASE_WORKER_URL', 'DATABASE_SYSTEM_URL', 'SWITCHBOARD_SECRETS_PRIVATE_KEY'] as const;
  return needed.filter((name) => !env[name]);
}

/** The worker tier's box: the current private key, the rotated-out ones, and any legacy AES keys. */
export function workerSecretBox(env: WorkerEnv): SecretBox {
  return createSecretBox({
    privateKey: env.SWITCHBOARD_SECRETS_PRIVATE_KEY ?? '',
    previousPrivateKeys: env.SWITCHBOARD_SECRETS_PREVIOUS_PRIVATE_KEYS,
    legacyKeys: [env.SWITCHBOARD_ENCRYPTION_KEY ?? '', ...env.SWITCHBOARD_ENCRYPTION_PREVIOUS_KEYS].filter(
      Boolean,
    ),
  });
}

/** Whether values sealed for an older key (rotated-out pair or the former AES format) may remain. */
export const hasOlderSecretKeys = (env: WorkerEnv) =>
  env.SWITCHBOARD_SECRETS_PREVIOUS_PRIVATE_KEYS.length > 0 ||
  env.SWITCHBOARD_ENCRYPTION_KEY !== undefined ||
  env.SWITCHBOARD_ENCRYPTION_PREVIOUS_KEYS.length > 0;
