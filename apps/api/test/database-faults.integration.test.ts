import { type FaultCluster, startFaultCluster } from '@switchboard/db/test-cluster';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authHeaders,
  createOrganization,
  createTestApp,
  request,
  signUp,
  TEST_PASSWORD,
  type TestApp,
  type TestUser,
} from './harness.ts';

// PostgreSQL is stopped, restarted and paused here: on a cluster of this file's own, never the shared one.
let cluster: FaultCluster;
let t: TestApp;
let user: TestUser;
let orgId: string;
const unhandled: unknown[] = [];
const recordUnhandled = (error: unknown) => unhandled.push(error);

beforeAll(async () => {
  cluster = await startFaultCluster();
  // Short bounds, so a stalled database answers within a test's time.
  t = await createTestApp({
    serverUrl: cluster.serverUrl,
    timeouts: { connectMs: 1_000, statementMs: 1_000, idleInTransactionMs: 5_000 },
  });
  user = await signUp(t);
  orgId = await createOrganization(t, user);
  process.on('unhandledRejection', recordUnhandled);
  process.on('uncaughtException', recordUnhandled);
});
afterAll(async () => {
  process.off('unhandledRejection', recordUnhandled);
  process.off('uncaughtException', recordUnhandled);
  await cluster?.resume();
  await cluster?.start();
  await t?.close();
  await cluster?.destroy();
});

const getOrganization = () => request(t, user, { method: 'GET', url: `/api/v1/orgs/${orgId}` });
const health = () => request(t, null, { method: 'GET', url: '/api/health' });
const signIn = () =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/sign-in/email',
    headers: authHeaders(),
    payload: { email: user.email, password: TEST_PASSWORD },
  });

/** Polls `check` until it holds (bounded), instead of sleeping for a guessed time. */
async function eventually(check: () => Promise<boolean>, attempts = 100): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the condition did not hold');
}

/** A superuser connection to the cluster, outside the app's pools. */
async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: cluster.serverUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

function expectUnavailable(response: Awaited<ReturnType<typeof getOrganization>>) {
  expect(response.statusCode, response.body).toBe(503);
  expect(response.headers['retry-after']).toMatch(/^\d+$/);
  expect(response.json()).toMatchObject({
    error: { code: 'DATABASE_UNAVAILABLE', message: expect.any(String) },
  });
}

describe('the API when PostgreSQL fails', () => {
  it('survives its connections being terminated, and the next request works', async () => {
    expect((await getOrganization()).statusCode).toBe(200);
    const database = new URL(t.database.urls.app).pathname.slice(1);
    const terminated = await withAdmin(async (admin) => {
      const { rows } = await admin.query<{ pid: number }>(
        // Materialized first: in one WHERE, pg_terminate_backend could run before the other conditions.
        `with targets as materialized (
           select pid from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()
         )
         select pid from targets where pg_terminate_backend(pid)`,
        [database],
      );
      // Gone on the server's side: the pools have been told.
      await eventually(async () => {
        const left = await admin.query('select 1 from pg_stat_activity where pid = any($1)', [
          rows.map(({ pid }) => pid),
        ]);
        return left.rowCount === 0;
      });
      return rows.length;
    });
    expect(terminated).toBeGreaterThan(0);

    expect((await getOrganization()).statusCode).toBe(200);
    expect((await health()).statusCode).toBe(200);
    expect(unhandled).toEqual([]);
  });

  it('answers 503 with Retry-After while PostgreSQL is stopped, and recovers when it is back', async () => {
    await cluster.stop();

    expectUnavailable(await getOrganization());
    expectUnavailable(await signIn());
    // better-auth's own session endpoint (the dashboard's first request), which wraps the database error.
    expectUnavailable(await request(t, user, { method: 'GET', url: '/api/auth/get-session' }));
    const down = await health();
    expect(down.statusCode).toBe(503);
    expect(down.headers['retry-after']).toMatch(/^\d+$/);
    expect(down.json()).toEqual({ status: 'unavailable', database: 'down', down: ['database'] });

    await cluster.start();
    await eventually(async () => (await health()).statusCode === 200);
    expect((await health()).json()).toEqual({ status: 'ok', database: 'ok', down: [] });
    expect((await getOrganization()).statusCode).toBe(200);
    expect((await signIn()).statusCode).toBe(200);
    expect(unhandled).toEqual([]);
  });

  it('answers 503 when a statement stalls behind a lock, instead of hanging', async () => {
    const blocker = new pg.Client({ connectionString: t.database.urls.owner });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query('lock table organizations in access exclusive mode');
      expectUnavailable(await getOrganization());
      await blocker.query('rollback');
    } finally {
      await blocker.end();
    }
    expect((await getOrganization()).statusCode).toBe(200);
  });

  it('answers 503 while PostgreSQL is paused, and recovers when it resumes', async () => {
    await cluster.pause();
    try {
      expectUnavailable(await getOrganization());
      const down = await health();
      expect(down.statusCode).toBe(503);
      expect(down.json()).toMatchObject({ database: 'down', down: ['database'] });
    } finally {
      await cluster.resume();
    }
    await eventually(async () => (await getOrganization()).statusCode === 200);
    expect((await health()).statusCode).toBe(200);
    expect(unhandled).toEqual([]);
  });
});
