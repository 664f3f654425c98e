import { randomUUID } from 'node:crypto';
import { noteBalanceLevel } from '@switchboard/core/billing/note-balance-level';
import { createCallRecorder } from '@switchboard/core/calls/call-recorder';
import { closeCall } from '@switchboard/core/calls/close-call';
import { EMIT_CALL_ENDED_TASK, emitCallEnded } from '@switchboard/core/webhooks/call-events';
import { webhookSecretContext } from '@switchboard/core/webhooks/webhook-secret';
import { withSystem, withTenant } from '@switchboard/db/tenant';
import { createTestDatabase, type TestDatabase } from '@switchboard/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { egress, type SeededAgent, secretBox, seedAgent, seedCall } from './seed-call.ts';

let db: TestDatabase;
let seeded: SeededAgent;

beforeAll(async () => {
  db = await createTestDatabase();
  seeded = await seedAgent(db.owner, { baseUrl: 'http://127.0.0.1:9' });
  const id = randomUUID();
  await db.owner
    .insertInto('webhookEndpoints')
    .values({
      id,
      organizationId: seeded.organizationId,
      url: 'https://hooks.example.test/events',
      eventTypes: ['call.started', 'call.ended', 'credits.low'],
      secretCiphertext: secretBox.seal('whsec_dGVzdHRlc3R0ZXN0dGVzdA==', webhookSecretContext(id)),
    })
    .execute();
});
afterAll(async () => {
  await egress.close();
  await db.destroy();
});

const deliveriesOf = (type: string) =>
  db.owner
    .selectFrom('webhookDeliveries')
    .select(['id', 'payload'])
    .where('organizationId', '=', seeded.organizationId)
    .where('eventType', '=', type)
    .execute();

async function queuedCallEnded(callId: string) {
  const { rows } = await sql<{ payload: { callId: string } }>`
    select j.payload from graphile_worker._private_jobs j
      join graphile_worker._private_tasks task on task.id = j.task_id
     where task.identifier = ${EMIT_CALL_ENDED_TASK}`.execute(db.owner);
  return rows.filter((row) => row.payload.callId === callId).map((row) => row.payload);
}

describe('webhook events where they happen', () => {
  it('the worker queues call.started once and call.ended with the transcript when it finalizes', async () => {
    const callId = await seedCall(db.owner, seeded);
    const recorder = createCallRecorder(db.worker, { organizationId: seeded.organizationId, callId });
    expect(await recorder.claim('worker-1')).toBe(true);
    recorder.markStarted();
    recorder.markStarted();
    recorder.addTranscriptItem({ role: 'assistant', text: 'Hello, Acme Dental.' });
    recorder.addTranscriptItem({ role: 'user', text: 'Where is order 42?' });
    await vi.waitFor(async () => expect(await deliveriesOf('call.started')).toHaveLength(1), {
      timeout: 10_000,
      interval: 50,
    });
    const [started] = await deliveriesOf('call.started');
    expect(started?.payload).toMatchObject({
      type: 'call.started',
      data: { call: { id: callId, agentId: seeded.agentId, channel: 'web' } },
    });

    expect(await recorder.finalize({ endReason: 'caller_hung_up', durationSeconds: 12, usage: null })).toBe(
      true,
    );
    const [job] = await queuedCallEnded(callId);
    expect(job).toBeDefined();
    // The job runner's task, run by hand: it reads the transcript under the organization.
    await emitCallEnded(db.worker, job);
    const ended = (await deliveriesOf('call.ended')).filter(
      (d) => (d.payload as { data: { call: { id: string } } }).data.call.id === callId,
    );
    expect(ended).toHaveLength(1);
    expect(ended[0]?.payload).toMatchObject({
      type: 'call.ended',
      data: {
        call: { id: callId, status: 'ended', endReason: 'caller_hung_up', durationSeconds: 12 },
        transcript: [
          { seq: 1, role: 'assistant', text: 'Hello, Acme Dental.' },
          { seq: 2, role: 'user', text: 'Where is order 42?' },
        ],
        toolCalls: [],
      },
    });
    expect(await deliveriesOf('call.started')).toHaveLength(1);
  });

  it('a call closed through the system door (sweeper, room webhook) queues call.ended once', async () => {
    const callId = await seedCall(db.owner, seeded);
    const close = () =>
      withSystem(db.system, 'test: close a lost call', (tx) =>
        closeCall(tx, { callId, endReason: 'worker_lost', endedAt: new Date(), durationSeconds: 3 }),
      );
    expect(await close()).toBe(true);
    expect(await close()).toBe(false);
    expect(await queuedCallEnded(callId)).toHaveLength(1);
  });

  it('credits.low is queued when the balance crosses the threshold, not while it stays below', async () => {
    const level = {
      organizationId: seeded.organizationId,
      balanceMillicredits: 4_000,
      isLow: false,
      isExhausted: false,
      lowBalanceThresholdMillicredits: 10_000,
      isBelowRecharge: false,
      autoRecharge: null,
    };
    await withTenant(db.worker, { orgId: seeded.organizationId }, (tx) => noteBalanceLevel(tx, level));
    await withTenant(db.worker, { orgId: seeded.organizationId }, (tx) =>
      noteBalanceLevel(tx, { ...level, balanceMillicredits: 3_000, isLow: true }),
    );
    const low = await deliveriesOf('credits.low');
    expect(low).toHaveLength(1);
    expect(low[0]?.payload).toMatchObject({
      data: {
        organizationId: seeded.organizationId,
        balanceCredits: 4,
        thresholdCredits: 10,
        isExhausted: false,
      },
    });
  });
});
