import { deliverEmail } from '@switchboard/core/email/deliver-email';
import { enqueueEmail, type OutgoingEmail } from '@switchboard/core/email/enqueue-email';
import type { EmailTransport, OutboundEmail } from '@switchboard/core/email/transports/email-transport';
import { createMailboxTransport } from '@switchboard/core/email/transports/mailbox';
import { type JobRunner, startJobRunner } from '@switchboard/core/jobs/run-jobs';
import { createTaskList } from '@switchboard/core/jobs/task-list';
import { createSecretBox, generateSecretsKeyPair } from '@switchboard/core/secrets/secret-box';
import { withSystem } from '@switchboard/db/tenant';
import { createTestDatabase, type TestDatabase } from '@switchboard/db/testing';
import { createEgressGuard } from '@switchboard/tools/egress/egress-guard';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

let db: TestDatabase;
let runner: JobRunner | undefined;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterEach(async () => {
  await runner?.stop();
  runner = undefined;
});
afterAll(() => db.destroy());

const FROM = 'Switchboard <no-reply@switchboard.test>';
const silent = { error() {}, warn() {}, info() {}, debug() {} };

function verifyEmail(to: string): OutgoingEmail {
  return { to, template: 'verify-email', data: { name: 'Ada', url: 'http://localhost:3000/verify?token=t' } };
}

/** Enqueues as the API does for auth emails: the system role, inside a system transaction. */
function enqueue(email: OutgoingEmail) {
  return withSystem(db.system, 'test: enqueue email', (tx) => enqueueEmail(tx, email));
}

/** A provider that refuses the first `failures` sends, then accepts, recording what it accepted. */
function flakyTransport(failures: number) {
  const delivered: OutboundEmail[] = [];
  let calls = 0;
  const transport: EmailTransport = {
    kind: 'resend',
    async send(email) {
      calls += 1;
      if (calls <= failures) throw new Error(`provider unavailable (call ${calls})`);
      delivered.push(email);
      return { providerMessageId: `msg-${calls}` };
    },
  };
  return { transport, delivered, calls: () => calls };
}

/** Runs the production job runner as the worker role, with `transport` in place of the configured one. */
async function startRunner(transport: EmailTransport) {
  runner = await startJobRunner({
    workerDatabaseUrl: db.urls.worker,
    tasks: createTaskList({
      workerDb: db.worker,
      emailConfig: { kind: 'mailbox', from: FROM },
      logger: silent,
      runtime: {
        secretBox: createSecretBox({ privateKey: generateSecretsKeyPair().privateKey }),
        egress: createEgressGuard(),
      },
      emailTransport: transport,
    }),
    logger: silent,
    concurrency: 1,
    pollIntervalMs: 50,
  });
}

function outboxRow(id: string) {
  return db.owner.selectFrom('emailOutbox').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

async function jobsFor(outboxId: string) {
  const { rows } = await sql<{ id: string; attempts: number }>`
    select id, attempts from graphile_worker._private_jobs
    where payload->>'outboxId' = ${outboxId}`.execute(db.owner);
  return rows;
}

/** Skips graphile-worker's exponential backoff: the failed job is due now. */
async function makeDueNow(outboxId: string) {
  await sql`update graphile_worker._private_jobs set run_at = now()
            where payload->>'outboxId' = ${outboxId}`.execute(db.owner);
}

describe('email outbox', () => {
  it('a rolled-back transaction leaves no outbox row, no job, and nothing is delivered', async () => {
    let rolledBackId: string | undefined;
    await expect(
      withSystem(db.system, 'test: enqueue then fail', async (tx) => {
        rolledBackId = await enqueueEmail(tx, verifyEmail('rolled-back@example.test'));
        throw new Error('the change that caused the email failed');
      }),
    ).rejects.toThrow('the change that caused the email failed');
    expect(rolledBackId).toBeDefined();
    expect(
      await db.owner.selectFrom('emailOutbox').select('id').where('id', '=', rolledBackId!).execute(),
    ).toEqual([]);
    expect(await jobsFor(rolledBackId!)).toEqual([]);

    // A committed email queued after it is delivered; the rolled-back one never is.
    const committedId = await enqueue(verifyEmail('committed@example.test'));
    const provider = flakyTransport(0);
    await startRunner(provider.transport);
    await vi.waitFor(async () => expect((await outboxRow(committedId)).status).toBe('sent'), {
      timeout: 10_000,
      interval: 50,
    });
    expect(provider.delivered.map((email) => email.to)).toEqual(['committed@example.test']);
    expect(
      await db.owner
        .selectFrom('emailOutbox')
        .select('toAddress')
        .where('toAddress', '=', 'rolled-back@example.test')
        .execute(),
    ).toEqual([]);
  });

  it('a failing provider is retried by the job runner and the email is delivered exactly once', async () => {
    const outboxId = await enqueue(verifyEmail('flaky@example.test'));
    const provider = flakyTransport(2);
    await startRunner(provider.transport);

    for (const attempt of [1, 2]) {
      await vi.waitFor(
        async () => {
          const row = await outboxRow(outboxId);
          expect(row).toMatchObject({
            status: 'pending',
            attempts: attempt,
            lastError: `provider unavailable (call ${attempt})`,
          });
          // graphile-worker recorded the failure too, and released the job for a later retry.
          const [job] = await jobsFor(outboxId);
          expect(job).toMatchObject({ attempts: attempt });
        },
        { timeout: 10_000, interval: 50 },
      );
      await makeDueNow(outboxId);
    }

    await vi.waitFor(async () => expect((await outboxRow(outboxId)).status).toBe('sent'), {
      timeout: 10_000,
      interval: 50,
    });
    const row = await outboxRow(outboxId);
    expect(row).toMatchObject({ attempts: 3, lastError: null, providerMessageId: 'msg-3' });
    expect(row.sentAt).toBeInstanceOf(Date);
    expect(provider.delivered).toHaveLength(1);
    expect(provider.delivered[0]).toMatchObject({
      id: outboxId,
      from: FROM,
      to: 'flaky@example.test',
      subject: row.subject,
    });
    // The job is done and gone: nothing left to deliver it again.
    await vi.waitFor(async () => expect(await jobsFor(outboxId)).toEqual([]), { timeout: 10_000 });
    expect(provider.calls()).toBe(3);
  });

  it('the mailbox keeps one message per outbox email, however often it is delivered', async () => {
    const outboxId = await enqueue(verifyEmail('twice@example.test'));
    const logged: string[] = [];
    const transport = createMailboxTransport(db.worker, { info: (message) => logged.push(message) });
    const deps = { workerDb: db.worker, transport, from: FROM };

    await deliverEmail(deps, { outboxId });
    await deliverEmail(deps, { outboxId });
    // A job that crashed after sending but before marking the email sent runs the transport again.
    await db.owner.updateTable('emailOutbox').set({ status: 'pending' }).where('id', '=', outboxId).execute();
    await deliverEmail(deps, { outboxId });

    const messages = await db.owner
      .selectFrom('mailboxMessages')
      .selectAll()
      .where('outboxId', '=', outboxId)
      .execute();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ toAddress: 'twice@example.test' });
    expect(messages[0]!.textBody).toContain('http://localhost:3000/verify?token=t');
    expect((await outboxRow(outboxId)).status).toBe('sent');
    expect(logged[0]).toContain('twice@example.test');
    expect(logged[0]).toContain('http://localhost:3000/verify?token=t');
  });
});
