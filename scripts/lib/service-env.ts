import { publicKeyOf } from '@switchboard/core/secrets/secret-box';
import type { DatabaseUrls } from '@switchboard/db/connections';
import type { LoadedSecrets } from './local-secrets.ts';

/**
 * What the API and the dashboard must never hold, even when .env sets it: the owner's login, the worker
 * role's, and every key that opens a secret. They belong to the worker tier (ADR 007).
 */
export const WORKER_TIER_ONLY = [
  'DATABASE_URL',
  'DATABASE_WORKER_URL',
  'DATABASE_WORKER_PASSWORD',
  'SWITCHBOARD_SECRETS_PRIVATE_KEY',
  'SWITCHBOARD_SECRETS_PREVIOUS_PRIVATE_KEYS',
  'SWITCHBOARD_ENCRYPTION_KEY',
  'SWITCHBOARD_ENCRYPTION_PREVIOUS_KEYS',
  // The installation's Twilio account opens only in the worker tier's phone jobs (docs/phone.md).
  'TWILIO_AUTH_TOKEN',
  'TWILIO_API_KEY_SECRET',
] as const;

export interface ServiceInputs {
  env: NodeJS.ProcessEnv;
  urls: DatabaseUrls;
  secrets: LoadedSecrets;
}

/** The environment without the worker tier's variables: what the API and the dashboard start from. */
export function withoutWorkerTier(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const kept = { ...env };
  for (const name of WORKER_TIER_ONLY) delete kept[name];
  return kept;
}

/**
 * The key pair that seals secrets: the configured private key, or the generated one; its public key is
 * derived, so the API's key always belongs to the worker tier's. A configured public key must match.
 */
export function secretsKeyPair({ env, secrets }: Omit<ServiceInputs, 'urls'>): {
  publicKey: string;
  privateKey: string;
} {
  const privateKey = env.SWITCHBOARD_SECRETS_PRIVATE_KEY || secrets.secretsPrivateKey;
  const publicKey = publicKeyOf(privateKey);
  if (env.SWITCHBOARD_SECRETS_PUBLIC_KEY && env.SWITCHBOARD_SECRETS_PUBLIC_KEY.trim() !== publicKey) {
    throw new Error(
      `SWITCHBOARD_SECRETS_PUBLIC_KEY is not the public key of ${env.SWITCHBOARD_SECRETS_PRIVATE_KEY ? 'SWITCHBOARD_SECRETS_PRIVATE_KEY' : 'the private key in secrets.json'} (${publicKey}); set both, or neither`,
    );
  }
  return { publicKey, privateKey };
}

/** What `npm start` hands the API: its own logins and the public key; nothing of the worker tier. */
export function apiProcessEnv(
  { env, urls, secrets }: ServiceInputs,
  listen: { apiPort: number; publicUrl: string },
): NodeJS.ProcessEnv {
  return {
    ...withoutWorkerTier(env),
    API_PORT: String(listen.apiPort),
    PUBLIC_URL: listen.publicUrl,
    DATABASE_APP_URL: env.DATABASE_APP_URL || urls.app,
    DATABASE_SYSTEM_URL: env.DATABASE_SYSTEM_URL || urls.system,
    DATABASE_AUTH_URL: env.DATABASE_AUTH_URL || urls.auth,
    BETTER_AUTH_SECRET: env.BETTER_AUTH_SECRET || secrets.betterAuthSecret,
    SWITCHBOARD_SECRETS_PUBLIC_KEY: secretsKeyPair({ env, secrets }).publicKey,
    // The dashboard's server proxies /api/* from this machine and vouches for the client address; the API
    // trusts it alone. An operator's TRUSTED_PROXIES (a proxy in front of the dashboard) is the dashboard's.
    TRUSTED_PROXIES: '127.0.0.1,::1',
  };
}

/**
 * What `npm start` hands the worker tier (the job runner, and the voice worker when voice is configured):
 * the worker role's login, the private key, and the system door for the job runner's cross-tenant work (the
 * stale-call sweeper, re-sealing). While older keys remain (the legacy AES key of an installation from
 * before the key pair, or rotated-out private keys) also those keys, so the job runner re-seals what they
 * sealed at start.
 */
export function workerTierProcessEnv({ env, urls, secrets }: ServiceInputs): NodeJS.ProcessEnv {
  const legacyKey = env.SWITCHBOARD_ENCRYPTION_KEY || secrets.encryptionKey;
  return {
    ...env,
    DATABASE_WORKER_URL: env.DATABASE_WORKER_URL || urls.worker,
    DATABASE_SYSTEM_URL: env.DATABASE_SYSTEM_URL || urls.system,
    SWITCHBOARD_SECRETS_PRIVATE_KEY: secretsKeyPair({ env, secrets }).privateKey,
    ...(legacyKey && { SWITCHBOARD_ENCRYPTION_KEY: legacyKey }),
  };
}
