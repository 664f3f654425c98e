import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { enqueueEmail } from '@switchboard/core/email/enqueue-email';
import { createResendTransport } from '@switchboard/core/email/transports/resend';
import { type JobRunner, startJobRunner } from '@switchboard/core/jobs/run-jobs';
import { createTaskList } from '@switchboard/core/jobs/task-list';
import { createSecretBox, generateSecretsKeyPair } from '@switchboard/core/secrets/secret-box';
import { withSystem } from '@switchboard/db/tenant';
import { createTestDatabase, type TestDatabase } from '@switchboard/db/testing';
import { createEgressGuard } from '@switchboard/tools/egress/egress-guard';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * A local server speaking Resend's API, in one of three moods. Like Resend, it remembers idempotency keys:
 * a request whose key it has seen gets the first answer back and sends nothing.
 */
function fakeResend() {
  let mood: 'failing' | 'hanging' | 'up' = 'up';
  /** Emails actually sent, by idempotency key: the count a recipient would see. */
  const sent = new Map<string, number>();
  const requests = new Map<string, number>();
  const hung: ServerResponse[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { to: string[] | string };
    const key = String(req.headers['idempotency-key']);
    requests.set(key, (requests.get(key) ?? 0) + 1);
    const answer = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(payload));
    };
    if (String(body.to).endsWith('@invalid')) {
      return answer(422, { statusCode: 422, name: 'validation_error', message: 'Invalid `to` field.' });
    }
    if (mood === 'failing') {
      return answer(500, { statusCode: 500, name: 'application_error', message: 'Something went wrong.' });
    }
    // Sent once per key, whatever happens to the answer.
    if (!sent.has(key)) sent.set(key, 1);
    // The worst timeout: the email went out, the answer never comes.
    if (mood === 'hanging') return hung.push(res);
    answer(200, { id: `resend-${key}` });
  });
  return {
    server,
    sent,
    requests,
    setMood: (next: typeof mood) => {
      mood = next;
    },
    async listen() {
      server.listen(0, '127.0.0.1');
      await once(server, 'listening');
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    close: () => {
      for (const res of hung) res.destroy();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

let db: TestDatabase;
let runner: JobRunner | undefined;
const provider = fakeResend();
let baseUrl: string;

beforeAll(async () => {
  db = await createTestDatabase();
  baseUrl = await provider.listen();
});
afterEach(async () => {
  await runner?.stop();
  runner = undefined;
});
afterAll(async () => {
  await provider.close();
  await db.destroy();
});

const silent = { error() {}, warn() {}, info() {}, debug() {} };
const FROM = 'Switchboard <no-reply@switchboard.test>';

/** The production job runner and task list, with the Resend transport pointed at the fake. */
async function startRunner() {
  runner = await startJobRunner({
    workerDatabaseUrl: db.urls.worker,
    tasks: createTaskList({
      workerDb: db.worker,
      emailConfig: { kind: 'resend', from: FROM, apiKey: 're_test_key', baseUrl },
      logger: silent,
      runtime: {
        secretBox: createSecretBox({ privateKey: generateSecretsKeyPair().privateKey }),
        egress: createEgressGuard(),
      },
      // A short request timeout so the hanging phase fails each attempt quickly.
      emailTransport: createResendTransport({ apiKey: 're_test_key', baseUrl, timeoutMs: 300 }),
    }),
    logger: silent,
    concurrency: 4,
    pollIntervalMs: 50,
  });
}

function enqueue(to: string) {
  return withSystem(db.system, 'test: enqueue email', (tx) =>
    enqueueEmail(tx, { to, template: 'verify-email', data: { name: 'Ada', url: 'http://localhost:3000/v' } }),
  );
}

function rows(ids: string[]) {
  return db.owner.selectFrom('emailOutbox').selectAll().where('id', 'in', ids).execute();
}

async function jobsFor(ids: string[]) {
  const { rows } = await sql<{ outboxId: string; attempts: number }>`
    select payload->>'outboxId' as "outboxId", attempts from graphile_worker._private_jobs
    where payload->>'outboxId' = any(${ids}::text[])`.execute(db.owner);
  return rows;
}

/** Skips graphile-worker's backoff: the failed jobs are due now. */
async function makeDueNow(ids: string[]) {
  await sql`update graphile_worker._private_jobs set run_at = now()
            where payload->>'outboxId' = any(${ids}::text[])`.execute(db.owner);
}

const waitFor = (check: () => Promise<void>) => vi.waitFor(check, { timeout: 15_000, interval: 50 });

describe('email delivery through a provider outage', () => {
  it('500s, then timeouts, then recovery: every email is delivered exactly once', async () => {
    const ids = await Promise.all(['a', 'b', 'c'].map((name) => enqueue(`${name}@example.test`)));
    provider.setMood('failing');
    await startRunner();
    await waitFor(async () => {
      for (const row of await rows(ids)) {
        expect(row).toMatchObject({ status: 'pending', attempts: 1 });
        expect(row.lastError).toContain('application_error');
      }
    });

    provider.setMood('hanging');
    await makeDueNow(ids);
    await waitFor(async () => {
      for (const row of await rows(ids)) {
        expect(row).toMatchObject({
          status: 'pending',
          attempts: 2,
          lastError: 'Resend did not answer within 0.3s',
        });
      }
    });
    // The provider did send them: the answers were lost, not the emails.
    expect(provider.sent.size).toBe(3);

    provider.setMood('up');
    await makeDueNow(ids);
    await waitFor(async () => {
      for (const row of await rows(ids)) expect(row.status).toBe('sent');
    });
    for (const row of await rows(ids)) {
      const key = `outbox-${row.id}`;
      expect(row).toMatchObject({ attempts: 3, lastError: null, providerMessageId: `resend-${key}` });
      expect(provider.requests.get(key)).toBe(3);
      expect(provider.sent.get(key)).toBe(1);
    }
    await waitFor(async () => expect(await jobsFor(ids)).toEqual([]));
  });

  it('a permanent refusal marks the email failed at once, with the reason, and ends its job', async () => {
    provider.setMood('up');
    const id = await enqueue('nobody@invalid');
    await startRunner();
    await waitFor(async () => {
      const [row] = await rows([id]);
      expect(row).toMatchObject({
        status: 'failed',
        attempts: 1,
        lastError: 'Resend refused the email: validation_error: Invalid `to` field.',
      });
      expect(row!.failedAt).toBeInstanceOf(Date);
    });
    await waitFor(async () => expect(await jobsFor([id])).toEqual([]));
  });

  it('an email whose last attempt fails is marked failed, with the provider’s last answer', async () => {
    provider.setMood('failing');
    const id = await enqueue('unlucky@example.test');
    await sql`update graphile_worker._private_jobs set max_attempts = 2
              where payload->>'outboxId' = ${id}`.execute(db.owner);
    await startRunner();
    await waitFor(async () =>
      expect((await rows([id]))[0]).toMatchObject({ status: 'pending', attempts: 1 }),
    );
    await makeDueNow([id]);
    await waitFor(async () => {
      const [row] = await rows([id]);
      expect(row).toMatchObject({ status: 'failed', attempts: 2 });
      expect(row!.lastError).toContain('application_error');
    });
    await waitFor(async () => expect(await jobsFor([id])).toEqual([]));
    // Failed is final: the provider recovering later sends nothing.
    expect(provider.sent.has(`outbox-${id}`)).toBe(false);
  });
});
