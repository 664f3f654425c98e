import { BillingMeteringEnvSchema } from '@switchboard/contracts/billing';
import { TrustedProxiesSchema } from '@switchboard/contracts/trusted-proxies';
import {
  DEFAULT_SESSION_CACHE_SECONDS,
  DEFAULT_SIGN_IN_PER_MINUTE,
} from '@switchboard/core/auth/create-auth';
import { EgressAllowSchema } from '@switchboard/tools/egress/egress-allow-schema';
import { z } from 'zod';

const optional = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

/** Everything the API reads from the environment, parsed once at boot. `.env.example` documents each. */
export const ApiEnvSchema = z
  .object({
    API_PORT: z.coerce.number().int().min(1).max(65535).default(4000),
    API_HOST: z.string().default('127.0.0.1'),
    PUBLIC_URL: z.url().default('http://localhost:3000'),
    DATABASE_APP_URL: z
      .string()
      .min(1, 'DATABASE_APP_URL is set by `npm start`; set it when running the API alone'),
    DATABASE_SYSTEM_URL: z
      .string()
      .min(1, 'DATABASE_SYSTEM_URL is set by `npm start`; set it when running the API alone'),
    DATABASE_AUTH_URL: z
      .string()
      .min(1, 'DATABASE_AUTH_URL is set by `npm start`; set it when running the API alone'),
    // Bounds on every pool (connect, statement, idle in transaction), so a stalled database answers 503 in
    // bounded time instead of hanging requests (docs/operations/database-faults.md).
    DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
    DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(15_000),
    DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().positive().default(30_000),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    BETTER_AUTH_SECRET: z.string().min(32, 'BETTER_AUTH_SECRET must be at least 32 characters'),
    // Seconds a session is trusted from its signed cookie before the database is asked again; also how long
    // a revoked session keeps working (docs/security/accounts.md). 0: every request reads the database.
    AUTH_SESSION_CACHE_SECONDS: z.coerce
      .number()
      .int()
      .min(0)
      .max(3600)
      .default(DEFAULT_SESSION_CACHE_SECONDS),
    // The API seals secrets for the worker tier and can open none: it holds the public key only, and never
    // the worker role's connection (the job runner is the worker tier's own process; ADR 007).
    SWITCHBOARD_SECRETS_PUBLIC_KEY: z
      .string()
      .min(1, 'SWITCHBOARD_SECRETS_PUBLIC_KEY is set by `npm start`; set it when running the API alone'),
    GOOGLE_CLIENT_ID: optional,
    GOOGLE_CLIENT_SECRET: optional,
    // Nobody by default; `npm start` names the dashboard's proxy on loopback, which runs in front of the API.
    TRUSTED_PROXIES: TrustedProxiesSchema,
    BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
    // Requests per minute on /api/v1 (plugins/rate-limits.ts); a page of the dashboard makes about ten.
    RATE_LIMIT_USER_PER_MINUTE: z.coerce.number().int().positive().default(600),
    RATE_LIMIT_API_KEY_PER_MINUTE: z.coerce.number().int().positive().default(600),
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: z.coerce.number().int().positive().default(120),
    RATE_LIMIT_SIGN_IN_PER_MINUTE: z.coerce.number().int().positive().default(DEFAULT_SIGN_IN_PER_MINUTE),
    RATE_LIMIT_ORGANIZATION_PER_MINUTE: z.coerce.number().int().positive().default(3000),
    RATE_LIMIT_OPENAPI_IMPORT_PER_MINUTE: z.coerce.number().int().positive().default(6),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    // Internal hosts, addresses and CIDR ranges that tenant-chosen requests may reach (docs/security/egress.md).
    EGRESS_ALLOW: EgressAllowSchema,
    LIVEKIT_URL: optional,
    LIVEKIT_API_KEY: optional,
    LIVEKIT_API_SECRET: optional,
    LIVEKIT_AGENT_NAME: z.string().default('switchboard'),
    // Phone (docs/phone.md): LiveKit's SIP endpoint (its secrets stay in the worker tier), and the SID of the
    // installation's Twilio account when organizations may use it (its token is set in the worker tier only).
    LIVEKIT_SIP_URI: optional,
    TWILIO_ACCOUNT_SID: optional,
    GOOGLE_API_KEY: optional,
    OPENAI_API_KEY: optional,
    OPENAI_BASE_URL: optional,
    // Stripe mode (docs/billing.md "Stripe setup"); STRIPE_API_BASE points the SDK elsewhere (a local fake).
    STRIPE_SECRET_KEY: optional,
    STRIPE_WEBHOOK_SECRET: optional,
    STRIPE_API_BASE: z.url().optional(),
    ...BillingMeteringEnvSchema.shape,
    // Credits every new organization starts with, granted once (docs/billing.md "Modes").
    BILLING_TRIAL_CREDITS: z.coerce.number().min(0).max(1e9).multipleOf(0.001).default(100),
  })
  .refine((env) => !env.STRIPE_SECRET_KEY || env.STRIPE_WEBHOOK_SECRET, {
    path: ['STRIPE_WEBHOOK_SECRET'],
    message:
      'STRIPE_WEBHOOK_SECRET is required with STRIPE_SECRET_KEY: without webhooks no payment grants credits',
  });
export type ApiEnv = z.infer<typeof ApiEnvSchema>;

export function loadApiEnv(env: NodeJS.ProcessEnv): ApiEnv {
  const parsed = ApiEnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
      .join('\n');
    throw new Error(`The API configuration is invalid:\n${problems}`);
  }
  return parsed.data;
}
