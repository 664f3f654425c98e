import { z } from 'zod';

const optional = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

/** Everything the API reads from the environment, parsed once at boot. `.env.example` documents each. */
export const ApiEnvSchema = z.object({
  API_PORT: z.coerce.number().int().min(1).max(65535).default(4000),
  API_HOST: z.string().default('127.0.0.1'),
  PUBLIC_URL: z.url().default('http://localhost:3000'),
  DATABASE_APP_URL: z
    .string()
    .min(1, 'DATABASE_APP_URL is set by `npm start`; set it when running the API alone'),
  DATABASE_WORKER_URL: z
    .string()
    .min(1, 'DATABASE_WORKER_URL is set by `npm start`; set it when running the API alone'),
  BETTER_AUTH_SECRET: z.string().min(32, 'BETTER_AUTH_SECRET must be at least 32 characters'),
  GOOGLE_CLIENT_ID: optional,
  GOOGLE_CLIENT_SECRET: optional,
  TRUSTED_PROXIES: z.string().default('127.0.0.1,::1'),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RUN_JOBS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((value) => value === 'true'),
  LIVEKIT_URL: optional,
  LIVEKIT_API_KEY: optional,
  LIVEKIT_API_SECRET: optional,
  LIVEKIT_AGENT_NAME: z.string().default('switchboard'),
  GOOGLE_API_KEY: optional,
  OPENAI_API_KEY: optional,
  OPENAI_BASE_URL: optional,
  STRIPE_SECRET_KEY: optional,
  STRIPE_WEBHOOK_SECRET: optional,
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
