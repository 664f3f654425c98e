import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SecretSealer } from '@switchboard/core/secrets/secret-box';
import { generateSecretsKeyPair, publicKeyOf } from '@switchboard/core/secrets/secret-box';
import { databaseUrls } from '@switchboard/db/connections';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { loadLocalSecrets } from '../../../scripts/lib/local-secrets.ts';
import {
  apiProcessEnv,
  secretsKeyPair,
  WORKER_TIER_ONLY,
  workerTierProcessEnv,
} from '../../../scripts/lib/service-env.ts';
import type { AppDeps } from '../src/app.ts';
import { ApiEnvSchema, loadApiEnv } from '../src/config.ts';

const urls = databaseUrls('postgres://owner:owner-password@db.example.test:5432/switchboard', {
  app: 'app-password',
  worker: 'worker-password',
  system: 'system-password',
  auth: 'auth-password',
});

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-boundary-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('the API holds nothing of the worker tier', () => {
  it('has no variable for the worker role, the job runner or a key that opens secrets', () => {
    const names = Object.keys(ApiEnvSchema.shape);
    expect(names).toContain('SWITCHBOARD_SECRETS_PUBLIC_KEY');
    for (const name of [...WORKER_TIER_ONLY, 'RUN_JOBS', 'DATABASE_WORKER_PASSWORD']) {
      expect(names).not.toContain(name);
    }
    expect(names.filter((name) => /WORKER|PRIVATE|ENCRYPTION/.test(name))).toEqual([]);
  });

  it('gets from npm start its own logins and the public key, never the worker tier’s, whatever .env says', async () => {
    const { secrets } = await loadLocalSecrets(dataDir);
    const legacyKey = randomBytes(32).toString('base64');
    const previous = generateSecretsKeyPair().privateKey;
    // An operator's .env that sets everything, including what only the worker tier may hold.
    const env = {
      PATH: '/usr/bin',
      DATABASE_URL: urls.owner,
      DATABASE_WORKER_URL: urls.worker,
      DATABASE_WORKER_PASSWORD: 'worker-password',
      SWITCHBOARD_SECRETS_PREVIOUS_PRIVATE_KEYS: previous,
      SWITCHBOARD_ENCRYPTION_KEY: legacyKey,
      SWITCHBOARD_ENCRYPTION_PREVIOUS_KEYS: legacyKey,
    };
    const inputs = { env, urls, secrets };
    const api = apiProcessEnv(inputs, { apiPort: 4000, publicUrl: 'http://localhost:3000' });

    for (const name of WORKER_TIER_ONLY) expect(api).not.toHaveProperty(name);
    const workerOnlyValues = [
      urls.owner,
      urls.worker,
      'worker-password',
      secrets.secretsPrivateKey,
      previous,
      legacyKey,
    ];
    for (const value of Object.values(api)) {
      for (const secret of workerOnlyValues) expect(value).not.toContain(secret);
    }
    expect(api.SWITCHBOARD_SECRETS_PUBLIC_KEY).toBe(publicKeyOf(secrets.secretsPrivateKey));
    // …and the API boots with it: nothing it needs is missing.
    expect(loadApiEnv(api)).toMatchObject({
      DATABASE_APP_URL: urls.app,
      SWITCHBOARD_SECRETS_PUBLIC_KEY: api.SWITCHBOARD_SECRETS_PUBLIC_KEY,
    });

    // The worker tier gets what the API does not, and the system door for the job runner's sweeper.
    expect(workerTierProcessEnv(inputs)).toMatchObject({
      DATABASE_WORKER_URL: urls.worker,
      DATABASE_SYSTEM_URL: urls.system,
      SWITCHBOARD_SECRETS_PRIVATE_KEY: secrets.secretsPrivateKey,
      SWITCHBOARD_ENCRYPTION_KEY: legacyKey,
    });
    const current = workerTierProcessEnv({ env: { PATH: '/usr/bin' }, urls, secrets });
    expect(current).toEqual({
      PATH: '/usr/bin',
      DATABASE_WORKER_URL: urls.worker,
      DATABASE_SYSTEM_URL: urls.system,
      SWITCHBOARD_SECRETS_PRIVATE_KEY: secrets.secretsPrivateKey,
    });
  });

  it('refuses a configured public key that does not belong to the private key', async () => {
    const { secrets } = await loadLocalSecrets(dataDir);
    const env = { SWITCHBOARD_SECRETS_PUBLIC_KEY: generateSecretsKeyPair().publicKey };
    expect(() => secretsKeyPair({ env, secrets })).toThrow(
      /not the public key of the private key in secrets.json/,
    );
    const pair = generateSecretsKeyPair();
    const configured = {
      SWITCHBOARD_SECRETS_PUBLIC_KEY: pair.publicKey,
      SWITCHBOARD_SECRETS_PRIVATE_KEY: pair.privateKey,
    };
    expect(secretsKeyPair({ env: configured, secrets })).toEqual(pair);
  });

  it('is built with a sealer only: buildApp cannot be given anything that opens', () => {
    expectTypeOf<AppDeps['secretSealer']>().toEqualTypeOf<SecretSealer>();
    expectTypeOf<keyof AppDeps['secretSealer']>().toEqualTypeOf<'keyId' | 'seal'>();
    expectTypeOf<Extract<keyof AppDeps, 'secretBox' | 'workerDb' | 'workerDatabaseUrl'>>().toBeNever();
  });
});
