import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resealToolSecrets } from '@switchboard/core/secrets/reseal-tool-secrets';
import { secretBoxFromEnv } from '@switchboard/core/secrets/secret-box';
import { createDatabase } from '@switchboard/db/database';
import { startDatabase } from './lib/database.ts';
import { loadLocalSecrets } from './lib/local-secrets.ts';

// `npm run secrets:reseal`: after setting a new SWITCHBOARD_ENCRYPTION_KEY (the old one moved to
// SWITCHBOARD_ENCRYPTION_PREVIOUS_KEYS), re-seal every stored tool secret under the new key. See docs/secrets.md.
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (existsSync(path.join(root, '.env'))) process.loadEnvFile(path.join(root, '.env'));
const env = process.env;
const dataDir = path.resolve(root, env.SWITCHBOARD_DATA_DIR || '.data');

const { secrets } = await loadLocalSecrets(dataDir);
const box = secretBoxFromEnv({
  ...env,
  SWITCHBOARD_ENCRYPTION_KEY: env.SWITCHBOARD_ENCRYPTION_KEY || secrets.encryptionKey,
});
const database = await startDatabase({ env, dataDir, secrets, log: () => {} });
const workerDb = createDatabase({
  url: env.DATABASE_WORKER_URL || database.urls.worker,
  applicationName: 'reseal-secrets',
});
try {
  const { checked, resealed } = await resealToolSecrets(workerDb, box);
  console.log(`checked ${checked} tool secrets, re-sealed ${resealed} under the current key`);
} finally {
  await workerDb.destroy();
  await database.stop?.();
}
