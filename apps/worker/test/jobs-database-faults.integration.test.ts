import { enqueueEmail } from '@switchboard/core/email/enqueue-email';
import type { EmailTransport, OutboundEmail } from '@switchboard/core/email/transports/email-transport';
import type { JobRunner } from '@switchboard/core/jobs/run-jobs';
import { generateSecretsKeyPair } from '@switchboard/core/secrets/secret-box';
import { withSystem } from '@switchboard/db/tenant';
import { type FaultCluster, startFaultCluster } from '@switchboard/db/test-cluster';
import { createTestDatabase, type TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWorkerJobs } from '../src/start-worker-jobs.ts';
import { loadWorkerEnv } from '../src/worker-env.ts';

// PostgreSQL is stopped and restarted here: on a cluster of this file's own, never the shared one.
let cluster: FaultCluster;
let db: TestDatabase;
let jobs: JobRunner | undefined;
const delivered: OutboundEmail[] = [];
const transport: EmailTransport = {
  kind: 'resend',
  async send(email) {
    delivered.push(email);
    return { providerMessageId: `msg-${delivered.length}` };
  },
};
const warnings: string[] = [];
const logger = {
  error: (m: string) => warnings.push(m),
  warn: (m: string) => warnings.push(m),
  info() {},
  debug() {},
};

beforeAll(async () => {
  cluster = await startFaultCluster();
  db = await createTestDatabase({
    serverUrl: cluster.serverUrl,
    timeouts: { connectMs: 1_000, statementMs: 2_000 },
  });
});
afterAll(async () => {
  await cluster?.start();
  await jobs?.stop();
  await db?.destroy();
  await cluster?.destroy();
});

function startJobs() {
  const env = loadWorkerEnv({
    DATABASE_WORKER_URL: db.urls.worker,
    DATABASE_SYSTEM_URL: db.urls.system,
    SWITCHBOARD_SECRETS_PRIVATE_KEY: generateSecretsKeyPair().privateKey,
    DATABASE_CONNECT_TIMEOUT_MS: '1000',
  });
  return startWorkerJobs(env, {
    emailConfig: { kind: 'resend', from: 'Switchboard <test@example.test>', apiKey: 'unused' },
    emailTransport: transport,
    logger,
    pollIntervalMs: 100,
  });
}

const enqueue = (to: string) =>
  withSystem(db.system, 'test: enqueue email', (tx) =>
    enqueueEmail(tx, { to, template: 'verify-email', data: { name: 'Ada', url: 'http://localhost/v' } }),
  );

/** Polls until `to` was delivered (bounded), instead of sleeping for a guessed time. */
async function deliveredTo(to: string): Promise<boolean> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    if (delivered.some((email) => email.to === to)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

describe('the job runner when PostgreSQL fails', () => {
  it('starts while PostgreSQL is down, and runs jobs once it is up', async () => {
    await cluster.stop();
    jobs = await startJobs();
    expect(warnings.join('\n')).toMatch(/trying again/);
    expect(warnings.join('\n')).not.toContain(new URL(db.urls.worker).password);

    await cluster.start();
    await enqueue('first@example.test');
    expect(await deliveredTo('first@example.test')).toBe(true);
  }, 60_000);

  it('survives a restart of PostgreSQL and processes a job enqueued after it', async () => {
    await cluster.stop();
    await cluster.start();
    await enqueue('after-restart@example.test');
    expect(await deliveredTo('after-restart@example.test')).toBe(true);
    expect(delivered.filter((email) => email.to === 'after-restart@example.test')).toHaveLength(1);
  }, 60_000);
});
