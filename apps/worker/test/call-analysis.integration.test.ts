import { randomUUID } from 'node:crypto';
import type { AgentAnalysisSettings } from '@switchboard/contracts/analysis';
import { analyzeCall } from '@switchboard/core/analysis/analyze-call';
import { closeCall } from '@switchboard/core/calls/close-call';
import type { JobRunner } from '@switchboard/core/jobs/run-jobs';
import { generateSecretsKeyPair } from '@switchboard/core/secrets/secret-box';
import { webhookSecretContext } from '@switchboard/core/webhooks/webhook-secret';
import { withSystem, withTenant } from '@switchboard/db/tenant';
import { createTestDatabase, type TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startWorkerJobs } from '../src/start-worker-jobs.ts';
import { loadWorkerEnv } from '../src/worker-env.ts';
import {
  type ChatReply,
  type ChatRequest,
  type FakeChatCompletions,
  startFakeChatCompletions,
  textOf,
} from './fake-chat-completions.ts';
import { egress, secretBox } from './seed-call.ts';

const silent = { error() {}, warn() {}, info() {}, debug() {} };
const ANALYSIS: AgentAnalysisSettings = {
  enabled: true,
  summaryInstruction: 'Summarize the call in one sentence.',
  dataSchema: {
    type: 'object',
    properties: { appointment_booked: { type: 'boolean' }, callback_number: { type: 'string' } },
    required: ['appointment_booked', 'callback_number'],
    additionalProperties: false,
  },
  evaluation: { scale: 'pass_fail', rubric: 'The caller got an appointment.' },
};
const VALID_ANSWER = JSON.stringify({
  summary: 'Ada booked a cleaning for Tuesday.',
  data: { appointment_booked: true, callback_number: '+4930123456' },
  evaluation: { score: 'pass', reason: 'An appointment was booked.' },
});

let db: TestDatabase;
let model: FakeChatCompletions;
// Each test says what the fake model answers, in order; the last answer repeats.
let answers: ChatReply[] = [];
let jobs: JobRunner;

beforeAll(async () => {
  db = await createTestDatabase();
  model = await startFakeChatCompletions((_request: ChatRequest) => answers.shift() ?? {});
  jobs = await startWorkerJobs(
    loadWorkerEnv({
      DATABASE_WORKER_URL: db.urls.worker,
      DATABASE_SYSTEM_URL: db.urls.system,
      SWITCHBOARD_SECRETS_PRIVATE_KEY: generateSecretsKeyPair().privateKey,
      EGRESS_ALLOW: '127.0.0.1',
    }),
    {
      emailConfig: { kind: 'mailbox', from: 'Switchboard <test@example.test>' },
      logger: silent,
      pollIntervalMs: 50,
    },
  );
});
afterAll(async () => {
  await jobs.stop();
  await model.close();
  await db.destroy();
});

/** An organization with one agent on the fake chat server, analysis set as given. */
async function seedAgent(analysis: AgentAnalysisSettings = ANALYSIS) {
  const organizationId = randomUUID();
  await db.owner
    .insertInto('organizations')
    .values({
      id: organizationId,
      name: 'Acme Dental',
      slug: `acme-${organizationId}`,
      timeZone: 'Europe/Berlin',
    })
    .execute();
  const agent = await db.owner
    .insertInto('agents')
    .values({ organizationId, name: 'Robin', currentVersion: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  const config = {
    name: 'Robin',
    model: { provider: 'openai_compatible', baseUrl: model.baseUrl, model: 'fake-chat' },
    analysis,
  };
  await db.owner
    .insertInto('agentVersions')
    .values({ organizationId, agentId: agent.id, version: 1, config: JSON.stringify(config) })
    .execute();
  return { organizationId, agentId: agent.id };
}

/** A call that happened, with what was said, not yet finalized. */
async function seedCall(agent: { organizationId: string; agentId: string }, lines: string[]) {
  const id = randomUUID();
  await db.owner
    .insertInto('calls')
    .values({
      id,
      organizationId: agent.organizationId,
      agentId: agent.agentId,
      agentVersion: 1,
      channel: 'web',
      roomName: `call-${id}`,
    })
    .execute();
  if (lines.length > 0) {
    await db.owner
      .insertInto('callTranscriptItems')
      .values(
        lines.map((text, index) => ({
          organizationId: agent.organizationId,
          callId: id,
          seq: index + 1,
          role: index % 2 === 0 ? 'assistant' : 'user',
          text,
        })),
      )
      .execute();
  }
  return id;
}

/** What LiveKit's room_finished webhook does: finalize the call, which queues its analysis. */
async function finalize(callId: string) {
  await withSystem(db.system, 'test: room finished', (tx) =>
    closeCall(tx, { callId, endReason: 'caller_hung_up', endedAt: new Date(), durationSeconds: 42 }),
  );
}

async function storedAnalysis(organizationId: string, callId: string) {
  return withTenant(db.worker, { orgId: organizationId }, (tx) =>
    tx.selectFrom('callAnalyses').selectAll().where('callId', '=', callId).executeTakeFirst(),
  );
}

async function analyzedCall(organizationId: string, callId: string) {
  return vi.waitFor(
    async () => {
      const row = await storedAnalysis(organizationId, callId);
      if (!row) throw new Error('not analyzed yet');
      return row;
    },
    { timeout: 20_000, interval: 100 },
  );
}

const CONVERSATION = [
  'Hello, this is Robin at Acme Dental.',
  'Hi, I would like a cleaning on Tuesday. Call me back on +4930123456.',
  'Done: Tuesday at ten. See you then!',
];

describe('post-call analysis', () => {
  it('stores the summary, the schema-conformant data and the evaluation once the call is finalized', async () => {
    const agent = await seedAgent();
    const callId = await seedCall(agent, CONVERSATION);
    const before = model.requests.length;
    answers = [{ content: VALID_ANSWER }];
    await finalize(callId);

    const row = await analyzedCall(agent.organizationId, callId);
    expect(row).toMatchObject({
      status: 'completed',
      reason: null,
      summary: 'Ada booked a cleaning for Tuesday.',
      data: { appointment_booked: true, callback_number: '+4930123456' },
      evaluationScore: 'pass',
      evaluationReason: 'An appointment was booked.',
      model: 'fake-chat',
    });
    // One request, with the instruction, the organization's schema, the rubric and the transcript.
    expect(model.requests.length - before).toBe(1);
    const [system, user] = model.requests.at(-1)?.body.messages ?? [];
    expect(textOf(system)).toContain('Summarize the call in one sentence.');
    expect(textOf(system)).toContain('"callback_number":{"type":"string"}');
    expect(textOf(system)).toContain('Rubric: The caller got an appointment.');
    expect(textOf(user)).toContain('Caller: Hi, I would like a cleaning on Tuesday.');

    // A retried job (or a duplicate) finds the analysis and neither asks the model nor stores another.
    await analyzeCall(
      { workerDb: db.worker, keys: {}, egress },
      { organizationId: agent.organizationId, callId },
      { isLastAttempt: true },
    );
    expect(model.requests.length - before).toBe(1);
    const count = await db.owner
      .selectFrom('callAnalyses')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('callId', '=', callId)
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('sends call.analyzed with the whole call, as call.ended has it, and the analysis', async () => {
    const agent = await seedAgent();
    const endpointId = randomUUID();
    await db.owner
      .insertInto('webhookEndpoints')
      .values({
        id: endpointId,
        organizationId: agent.organizationId,
        url: 'https://hooks.example.test/events',
        eventTypes: ['call.analyzed'],
        secretCiphertext: secretBox.seal('whsec_dGVzdHRlc3R0ZXN0dGVzdA==', webhookSecretContext(endpointId)),
      })
      .execute();
    const callId = await seedCall(agent, CONVERSATION);
    answers = [{ content: VALID_ANSWER }];
    await analyzeCall(
      { workerDb: db.worker, keys: {}, egress },
      { organizationId: agent.organizationId, callId },
      { isLastAttempt: true },
    );

    const deliveries = await db.owner
      .selectFrom('webhookDeliveries')
      .select('payload')
      .where('endpointId', '=', endpointId)
      .execute();
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]?.payload).toMatchObject({
      type: 'call.analyzed',
      data: {
        call: {
          id: callId,
          agentId: agent.agentId,
          agentVersion: 1,
          channel: 'web',
          status: expect.any(String),
          createdAt: expect.any(String),
        },
        analysis: {
          status: 'completed',
          summary: 'Ada booked a cleaning for Tuesday.',
          data: { appointment_booked: true, callback_number: '+4930123456' },
          evaluation: { score: 'pass', reason: 'An appointment was booked.' },
        },
      },
    });
  });

  it('asks once more when the answer breaks the schema, then stores the second answer', async () => {
    const agent = await seedAgent();
    const callId = await seedCall(agent, CONVERSATION);
    const before = model.requests.length;
    answers = [
      {
        content: JSON.stringify({
          summary: 'Booked.',
          data: { appointment_booked: 'yes' },
          evaluation: { score: 'pass', reason: 'Booked.' },
        }),
      },
      { content: VALID_ANSWER },
    ];
    await analyzeCall(
      { workerDb: db.worker, keys: {}, egress },
      { organizationId: agent.organizationId, callId },
      { isLastAttempt: false },
    );

    expect((await storedAnalysis(agent.organizationId, callId))?.status).toBe('completed');
    expect(model.requests.length - before).toBe(2);
    const retry = model.requests.at(-1)?.body.messages.at(-1);
    expect(textOf(retry)).toContain('"data.appointment_booked" must be boolean');
    expect(textOf(retry)).toContain('"data.callback_number" is required');
  });

  it('stores the analysis as failed, with the reason, when the second answer breaks the schema too', async () => {
    const agent = await seedAgent();
    const callId = await seedCall(agent, CONVERSATION);
    answers = [{ content: 'Sure! The caller booked an appointment.' }, { content: '{"summary": ""}' }];
    await analyzeCall(
      { workerDb: db.worker, keys: {}, egress },
      { organizationId: agent.organizationId, callId },
      { isLastAttempt: false },
    );

    const row = await storedAnalysis(agent.organizationId, callId);
    expect(row).toMatchObject({ status: 'failed', summary: null, data: null, evaluationScore: null });
    expect(row?.reason).toContain('did not follow the schema twice');
    expect(row?.reason).toContain('"data" is required');
  });

  it('retries a provider error as a job, and records it on the last attempt', async () => {
    const agent = await seedAgent();
    const callId = await seedCall(agent, CONVERSATION);
    const payload = { organizationId: agent.organizationId, callId };
    answers = [
      { failWith: { status: 503, message: 'overloaded' } },
      { failWith: { status: 503, message: 'overloaded' } },
    ];
    await expect(
      analyzeCall({ workerDb: db.worker, keys: {}, egress }, payload, { isLastAttempt: false }),
    ).rejects.toThrow('answered 503');
    expect(await storedAnalysis(agent.organizationId, callId)).toBeUndefined();
    await analyzeCall({ workerDb: db.worker, keys: {}, egress }, payload, { isLastAttempt: true });
    const row = await storedAnalysis(agent.organizationId, callId);
    expect(row?.status).toBe('failed');
    expect(row?.reason).toContain('The model server answered 503');
  });

  it('skips a call without a transcript, saying so, without asking the model', async () => {
    const agent = await seedAgent();
    const callId = await seedCall(agent, []);
    const before = model.requests.length;
    await finalize(callId);
    const row = await analyzedCall(agent.organizationId, callId);
    expect(row).toMatchObject({
      status: 'skipped',
      reason: 'The call has no transcript: nobody said anything',
    });
    expect(model.requests.length).toBe(before);
  });

  it('does nothing for an agent whose analysis is off', async () => {
    const agent = await seedAgent({ ...ANALYSIS, enabled: false });
    const callId = await seedCall(agent, CONVERSATION);
    const before = model.requests.length;
    await analyzeCall(
      { workerDb: db.worker, keys: {}, egress },
      { organizationId: agent.organizationId, callId },
      { isLastAttempt: true },
    );
    expect(await storedAnalysis(agent.organizationId, callId)).toBeUndefined();
    expect(model.requests.length).toBe(before);
  });

  it('keeps each organization’s analyses to itself', async () => {
    const acme = await seedAgent();
    const globex = await seedAgent();
    const callId = await seedCall(acme, CONVERSATION);
    answers = [{ content: VALID_ANSWER }];
    await analyzeCall(
      { workerDb: db.worker, keys: {}, egress },
      { organizationId: acme.organizationId, callId },
      { isLastAttempt: true },
    );
    expect((await storedAnalysis(acme.organizationId, callId))?.status).toBe('completed');

    // Another organization sees nothing, through the API's connection or the worker tier's.
    for (const connection of [db.app, db.worker]) {
      const seen = await withTenant(connection, { orgId: globex.organizationId }, (tx) =>
        tx.selectFrom('callAnalyses').select('callId').execute(),
      );
      expect(seen).toEqual([]);
    }
    // The job for a call named under another organization finds no call there, and stores nothing.
    await analyzeCall(
      { workerDb: db.worker, keys: {}, egress },
      { organizationId: globex.organizationId, callId },
      { isLastAttempt: true },
    );
    expect(await storedAnalysis(globex.organizationId, callId)).toBeUndefined();
    // Nor may the worker tier write an analysis into another organization's name.
    await expect(
      withTenant(db.worker, { orgId: globex.organizationId }, (tx) =>
        tx
          .insertInto('callAnalyses')
          .values({ callId, organizationId: acme.organizationId, status: 'skipped', reason: 'x' })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    // And the API's connection only reads.
    await expect(
      withTenant(db.app, { orgId: acme.organizationId }, (tx) =>
        tx
          .insertInto('callAnalyses')
          .values({ callId, organizationId: acme.organizationId, status: 'skipped', reason: 'x' })
          .execute(),
      ),
    ).rejects.toThrow(/permission denied/);
  });
});
