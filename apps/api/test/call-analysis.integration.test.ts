import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrganization,
  createTestApp,
  request,
  signUp,
  type TestApp,
  type TestUser,
} from './harness.ts';

let t: TestApp;
let admin: TestUser;
let orgId: string;
let agentId: string;

const analysis = {
  enabled: true,
  dataSchema: {
    type: 'object',
    properties: { appointment_booked: { type: 'boolean' }, callback_number: { type: 'string' } },
  },
  evaluation: { scale: 'pass_fail', rubric: 'The caller got an appointment.' },
};

beforeAll(async () => {
  t = await createTestApp();
  admin = await signUp(t, { name: 'Ada Admin' });
  orgId = await createOrganization(t, admin, 'Acme Dental');
  agentId = (
    await request(t, admin, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/agents`,
      payload: { name: 'Front desk', analysis },
    })
  ).json().id;
});
afterAll(() => t.close());

/** A finished call of the agent, analyzed as the worker tier's job stores it. */
async function analyzedCall(
  organizationId: string,
  agent: string,
  result: { status: string; reason?: string; data?: object; evaluationScore?: string },
) {
  const id = randomUUID();
  const { owner } = t.database;
  await owner
    .insertInto('calls')
    .values({
      id,
      organizationId,
      agentId: agent,
      agentVersion: 1,
      channel: 'web',
      roomName: `call-${id}`,
      status: 'ended',
    })
    .execute();
  const isCompleted = result.status === 'completed';
  await owner
    .insertInto('callAnalyses')
    .values({
      callId: id,
      organizationId,
      status: result.status,
      reason: result.reason ?? null,
      summary: isCompleted ? 'The caller asked for an appointment.' : null,
      data: result.data ? JSON.stringify(result.data) : null,
      evaluationScore: result.evaluationScore ?? null,
      evaluationReason: result.evaluationScore ? 'Because.' : null,
      model: 'fake-chat',
    })
    .execute();
  return id;
}

const listCalls = (query: string, org = orgId) =>
  request(t, admin, { method: 'GET', url: `/api/v1/orgs/${org}/calls?${query}` });

describe('analysis settings', () => {
  it('are part of the agent’s versioned configuration, with defaults', async () => {
    const agent = (
      await request(t, admin, { method: 'GET', url: `/api/v1/orgs/${orgId}/agents/${agentId}` })
    ).json();
    expect(agent.config.analysis).toMatchObject({
      ...analysis,
      summaryInstruction: expect.stringContaining('Summarize'),
    });
    const plain = (
      await request(t, admin, {
        method: 'POST',
        url: `/api/v1/orgs/${orgId}/agents`,
        payload: { name: 'Plain' },
      })
    ).json();
    expect(plain.config.analysis).toMatchObject({ enabled: false, dataSchema: null, evaluation: null });
  });

  it('refuse a data schema that is not valid JSON Schema, naming the field', async () => {
    const save = (dataSchema: object) =>
      request(t, admin, {
        method: 'PUT',
        url: `/api/v1/orgs/${orgId}/agents/${agentId}`,
        payload: { name: 'Front desk', analysis: { ...analysis, dataSchema } },
      });
    const typo = await save({ type: 'object', properties: { booked: { type: 'boolen' } } });
    expect(typo.statusCode).toBe(400);
    expect(typo.json().error.message).toContain('analysis.dataSchema');
    const unknownKeyword = await save({ type: 'object', properties: { booked: { tpye: 'boolean' } } });
    expect(unknownKeyword.statusCode).toBe(400);
    expect(unknownKeyword.json().error.message).toContain('unknown keyword');
    const badName = await save({ type: 'object', properties: { 'booked?': { type: 'boolean' } } });
    expect(badName.statusCode).toBe(400);
    expect(badName.json().error.message).toContain('analysis.dataSchema.properties');
  });
});

describe('analyzed calls', () => {
  it('show the analysis on the call detail and the evaluation in the list', async () => {
    const callId = await analyzedCall(orgId, agentId, {
      status: 'completed',
      data: { appointment_booked: true, callback_number: '+4930123456' },
      evaluationScore: 'pass',
    });
    const detail = (
      await request(t, admin, { method: 'GET', url: `/api/v1/orgs/${orgId}/calls/${callId}` })
    ).json();
    expect(detail.analysis).toMatchObject({
      status: 'completed',
      summary: 'The caller asked for an appointment.',
      data: { appointment_booked: true, callback_number: '+4930123456' },
      evaluation: { score: 'pass', reason: 'Because.' },
    });
    const listed = (await listCalls('limit=200'))
      .json()
      .calls.find((call: { id: string }) => call.id === callId);
    expect(listed.evaluation).toBe('pass');
  });

  it('filter the Calls list by evaluation and by a field of the data', async () => {
    const booked = await analyzedCall(orgId, agentId, {
      status: 'completed',
      data: { appointment_booked: true, callback_number: '42' },
      evaluationScore: 'pass',
    });
    const notBooked = await analyzedCall(orgId, agentId, {
      status: 'completed',
      data: { appointment_booked: false, callback_number: '+4930999' },
      evaluationScore: 'fail',
    });
    const failed = await analyzedCall(orgId, agentId, { status: 'failed', reason: 'The model was down' });
    const ids = async (query: string) => {
      const response = await listCalls(query);
      expect(response.statusCode).toBe(200);
      return response.json().calls.map((call: { id: string }) => call.id);
    };

    expect(await ids('evaluation=fail')).toEqual([notBooked]);
    expect(await ids('evaluation=pass')).toContain(booked);
    expect(await ids('evaluation=pass')).not.toContain(failed);
    expect(await ids('analysis.appointment_booked=false')).toEqual([notBooked]);
    expect(await ids('analysis.appointment_booked=true')).toContain(booked);
    expect(await ids('analysis.appointment_booked=true')).not.toContain(notBooked);
    // A text field whose value looks like a number still matches its text.
    expect(await ids('analysis.callback_number=42')).toEqual([booked]);
    expect(await ids('analysis.callback_number=%2B4930999&evaluation=fail')).toEqual([notBooked]);
    expect(await ids('analysis.callback_number=%2B4930999&evaluation=pass')).toEqual([]);
  });

  it('refuse an unknown parameter or a bad evaluation with a 400 naming it', async () => {
    const unknown = await listCalls('appointment_booked=true');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toContain('appointment_booked');
    const badField = await listCalls('analysis.drop%20table=1');
    expect(badField.statusCode).toBe(400);
    const badScore = await listCalls('evaluation=great');
    expect(badScore.statusCode).toBe(400);
    expect(badScore.json().error.message).toContain('evaluation');
  });

  it('stay with their organization', async () => {
    const callId = await analyzedCall(orgId, agentId, {
      status: 'completed',
      data: { appointment_booked: true, callback_number: 'outsider-check' },
      evaluationScore: 'pass',
    });
    const outsider = await signUp(t, { name: 'Otto Outsider' });
    const otherOrg = await createOrganization(t, outsider, 'Globex');
    const theirs = await request(t, outsider, {
      method: 'GET',
      url: `/api/v1/orgs/${otherOrg}/calls?analysis.callback_number=outsider-check`,
    });
    expect(theirs.statusCode).toBe(200);
    expect(theirs.json().calls).toEqual([]);
    const direct = await request(t, outsider, {
      method: 'GET',
      url: `/api/v1/orgs/${otherOrg}/calls/${callId}`,
    });
    expect(direct.statusCode).toBe(404);
  });
});

describe('the OpenAPI document', () => {
  it('declares the Calls list’s analysis filters and the call’s analysis', async () => {
    const document = (await request(t, null, { method: 'GET', url: '/api/openapi.json' })).json();
    const list = document.paths['/api/v1/orgs/{orgId}/calls'].get;
    expect(list.parameters.map((parameter: { name: string }) => parameter.name)).toContain('evaluation');
    expect(JSON.stringify(document.components.schemas.CallDetail)).toContain('CallAnalysis');
  });
});
