import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSecretSealer, publicKeyOf } from '@switchboard/core/secrets/secret-box';
import { sealLegacy } from '@switchboard/core/testing/seal-legacy';
import { storedCiphertext, storeToolSecret } from '@switchboard/core/testing/stored-tool-secret';
import { toolSecretContext } from '@switchboard/core/tools/write-tool-secrets';
import { createTestDatabase, type TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLocalSecrets } from '../../../scripts/lib/local-secrets.ts';
import { apiProcessEnv, workerTierProcessEnv } from '../../../scripts/lib/service-env.ts';
import { startWorkerJobs } from '../src/start-worker-jobs.ts';
import { loadWorkerEnv, workerSecretBox } from '../src/worker-env.ts';

const JOBS_ENTRY = fileURLToPath(new URL('../src/jobs.ts', import.meta.url));
const silent = { error() {}, warn() {}, info() {}, debug() {} };
const emailConfig = { kind: 'mailbox', from: 'Switchboard <test@example.test>' } as const;

let db: TestDatabase;
let dataDir: string;
beforeAll(async () => {
  db = await createTestDatabase();
  dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-jobs-'));
});
afterAll(async () => {
  await db.destroy();
  await rm(dataDir, { recursive: true, force: true });
});

describe('the worker tier job runner', () => {
  it('migrates an installation from before the key pair on its next start', async () => {
    // .data/secrets.json as an older installation left it: an AES key, no key pair.
    const encryptionKey = randomBytes(32).toString('base64');
    await writeFile(
      path.join(dataDir, 'secrets.json'),
      JSON.stringify({
        postgresPassword: randomBytes(18).toString('base64url'),
        appDatabasePassword: randomBytes(18).toString('base64url'),
        workerDatabasePassword: randomBytes(18).toString('base64url'),
        betterAuthSecret: randomBytes(32).toString('base64url'),
        encryptionKey,
      }),
    );
    const toolId = await storeToolSecret(db.owner, 'api_key', (context) =>
      sealLegacy(encryptionKey, 'sk-from-2024', context),
    );

    // What `npm start` does: load (and extend) secrets.json, hand each process its environment.
    const { secrets, created } = await loadLocalSecrets(dataDir);
    expect(created).toContain('secretsPrivateKey');
    expect(secrets.encryptionKey).toBe(encryptionKey);
    const inputs = { env: {}, urls: db.urls, secrets };
    const workerEnv = loadWorkerEnv(workerTierProcessEnv(inputs));
    const jobs = await startWorkerJobs(workerEnv, { emailConfig, logger: silent });
    await jobs.stop();

    const box = workerSecretBox(
      loadWorkerEnv({ SWITCHBOARD_SECRETS_PRIVATE_KEY: secrets.secretsPrivateKey }),
    );
    const migrated = await storedCiphertext(db.owner, toolId);
    expect(migrated).toMatch(new RegExp(`^v2\\.${box.keyId}\\.`));
    expect(box.open(migrated, toolSecretContext(toolId, 'api_key'))).toBe('sk-from-2024');

    // From now on the API seals with the public key it is handed, and the worker tier opens that.
    const apiEnv = apiProcessEnv(inputs, { apiPort: 4000, publicUrl: 'http://localhost:3000' });
    expect(apiEnv.SWITCHBOARD_SECRETS_PUBLIC_KEY).toBe(publicKeyOf(secrets.secretsPrivateKey));
    const sealed = createSecretSealer(apiEnv.SWITCHBOARD_SECRETS_PUBLIC_KEY ?? '').seal('new', 'tool:x:y');
    expect(box.open(sealed, 'tool:x:y')).toBe('new');

    // The next start finds nothing left to migrate, and leaves current values alone.
    const again = await startWorkerJobs(workerEnv, { emailConfig, logger: silent });
    await again.stop();
    expect(await storedCiphertext(db.owner, toolId)).toBe(migrated);
  });

  it('runs as its own process, and stops on SIGTERM', async () => {
    const { secrets } = await loadLocalSecrets(dataDir);
    const child = spawn(process.execPath, ['--import', 'tsx', JOBS_ENTRY], {
      env: { PATH: process.env.PATH, ...workerTierProcessEnv({ env: {}, urls: db.urls, secrets }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        output += chunk;
        if (output.includes('job runner started')) resolve();
      });
      void exited.then(() => reject(new Error(`the job runner exited:\n${output}`)));
    });
    expect(output).toContain('job runner started (email: mailbox)');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);

  it('refuses to start without its settings, in one line naming them', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', JOBS_ENTRY], {
      env: { PATH: process.env.PATH },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    expect(await new Promise((resolve) => child.once('exit', resolve))).toBe(1);
    expect(stderr.trim()).toBe(
      'The job runner cannot start: set DATABASE_WORKER_URL, DATABASE_SYSTEM_URL, SWITCHBOARD_SECRETS_PRIVATE_KEY',
    );
  }, 60_000);
});
