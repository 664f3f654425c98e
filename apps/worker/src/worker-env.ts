import { missingVoiceSettings } from '@switchboard/core/voice/missing-voice-settings';
import { z } from 'zod';

const optional = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

/** Everything the voice worker reads from the environment, parsed once at boot. */
export const WorkerEnvSchema = z.object({
  LIVEKIT_URL: optional,
  LIVEKIT_API_KEY: optional,
  LIVEKIT_API_SECRET: optional,
  LIVEKIT_AGENT_NAME: optional.transform((value) => value ?? 'switchboard'),
  DATABASE_WORKER_URL: optional,
  SWITCHBOARD_ENCRYPTION_KEY: optional,
  SWITCHBOARD_ENCRYPTION_PREVIOUS_KEYS: optional.transform((value) =>
    (value ?? '')
      .split(',')
      .map((key) => key.trim())
      .filter(Boolean),
  ),
  GOOGLE_API_KEY: optional,
  OPENAI_API_KEY: optional,
  OPENAI_BASE_URL: optional,
  GOOGLE_CLIENT_ID: optional,
  GOOGLE_CLIENT_SECRET: optional,
  // The levels LiveKit's CLI accepts (it reads LOG_LEVEL too).
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
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
 * Everything the worker must have before it registers with LiveKit: voice settings, the worker-role
 * database and the key that opens tool secrets. Empty when it can take calls.
 */
export function missingWorkerSettings(env: WorkerEnv): string[] {
  const missing = missingVoiceSettings(env);
  if (!env.DATABASE_WORKER_URL) missing.push('DATABASE_WORKER_URL');
  if (!env.SWITCHBOARD_ENCRYPTION_KEY) missing.push('SWITCHBOARD_ENCRYPTION_KEY');
  return missing;
}
