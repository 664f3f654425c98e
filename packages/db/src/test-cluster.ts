import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startEmbeddedPostgres } from './embedded.ts';
import { migrate } from './migrate.ts';

export const TEMPLATE_DATABASE = 'switchboard_template';
export const TEST_ROLE_PASSWORDS = {
  app: 'test-app-password',
  worker: 'test-worker-password',
  system: 'test-system-password',
  auth: 'test-auth-password',
};

/**
 * Starts a throwaway embedded PostgreSQL with a migrated template database. Test files clone the template
 * (createTestDatabase), which takes milliseconds instead of re-running migrations.
 */
export async function startTestCluster(): Promise<{ serverUrl: string; stop: () => Promise<void> }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'switchboard-test-pg-'));
  const port = await freePort();
  const postgres = await startEmbeddedPostgres({
    dataDir: path.join(dataDir, 'pg'),
    port,
    password: randomBytes(12).toString('hex'),
  });
  const admin = new pg.Client({ connectionString: postgres.url });
  await admin.connect();
  await admin.query(`create database ${TEMPLATE_DATABASE}`);
  await admin.end();
  const templateUrl = new URL(postgres.url);
  templateUrl.pathname = `/${TEMPLATE_DATABASE}`;
  await migrate({ ownerUrl: templateUrl.toString(), rolePasswords: TEST_ROLE_PASSWORDS });
  return {
    serverUrl: postgres.url,
    stop: async () => {
      await postgres.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}
