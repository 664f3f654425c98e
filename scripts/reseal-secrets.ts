import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resealToolSecrets } from '@switchboard/core/secrets/reseal-tool-secrets';
import { resealWebhookSecrets } from '@switchboard/core/webhooks/reseal-webhook-secrets';
import { createDatabase, createSystemDatabase } from '@switchboard/db/database';
import { loadWorkerEnv, workerSecretBox } from '../apps/worker/src/worker-env.ts';
import { startDatabase } from './lib/database.ts';
import { loadLocalSecrets } from './lib/local-secrets.ts';
import { workerTierProcessEnv } from './lib/service-env.ts';

// `npm run secrets:reseal`: after a key-pair rotation (a new SWITCHBOARD_SECRETS_PRIVATE_KEY, the old one in
// SWITCHBOARD_SECRETS_PREVIOUS_PRIVATE_KEYS), or to migrate values of the former AES format (legacy
// SWITCHBOARD_ENCRYPTION_KEY), re-seal every stored tool secret for the current key pair, with the keys
// the worker tier would get from `npm start`. The job runner does the same at start. See docs/secrets.md.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (existsSync(path.join(root, '.env'))) process.loadEnvFile(path.join(root, '.env'));
const dataDir = path.resolve(root, process.env.SWITCHBOARD_DATA_DIR || '.data');

const { secrets } = await loadLocalSecrets(dataDir);
const database = await startDatabase({ env: process.env, dataDir, secrets, log: () => {} });
try {
  const env = loadWorkerEnv(workerTierProcessEnv({ env: process.env, urls: database.urls, secrets }));
  const box = workerSecretBox(env);
  const workerDb = createDatabase({ url: env.DATABASE_WORKER_URL ?? '', applicationName: 'reseal-secrets' });
  const systemDb = createSystemDatabase({
    url: env.DATABASE_SYSTEM_URL ?? '',
    applicationName: 'reseal-secrets',
  });
  try {
    const { checked, resealed, unopenable } = await resealToolSecrets({ systemDb, workerDb }, box);
    console.log(`checked ${checked} tool secrets, re-sealed ${resealed} for key pair ${box.keyId}`);
    for (const { toolId, name } of unopenable) {
      console.log(`  ${name} of tool ${toolId} opens with no configured key: set it again in the dashboard`);
    }
    const webhooks = await resealWebhookSecrets({ systemDb, workerDb }, box);
    console.log(`checked ${webhooks.checked} webhook signing secrets, re-sealed ${webhooks.resealed}`);
    for (const endpointId of webhooks.unopenable) {
      console.log(
        `  the signing secret of webhook endpoint ${endpointId} opens with no configured key: rotate it`,
      );
    }
  } finally {
    await Promise.all([workerDb.destroy(), systemDb.destroy()]);
  }
} finally {
  await database.stop?.();
}
