import { GEMINI_LIVE_DEFAULT_MODEL } from '@switchboard/contracts/agents';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createOrganization,
  createTestApp,
  request,
  signUp,
  TEST_LIVEKIT,
  type TestApp,
  type TestUser,
} from './harness.ts';

// An installation with LiveKit and an OpenAI key, but no GOOGLE_API_KEY.
let t: TestApp;
let admin: TestUser;
let orgId: string;

beforeAll(async () => {
  t = await createTestApp({
    livekit: TEST_LIVEKIT,
    modelSettings: { GOOGLE_API_KEY: false, OPENAI_API_KEY: true, OPENAI_BASE_URL: false },
  });
  admin = await signUp(t);
  orgId = await createOrganization(t, admin);
});
afterAll(() => t.close());

async function createAgent(payload: object): Promise<string> {
  const response = await request(t, admin, {
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/agents`,
    payload,
  });
  expect(response.statusCode).toBe(201);
  return response.json().id;
}

const readiness = (user: TestUser, agentId: string, org = orgId) =>
  request(t, user, { method: 'GET', url: `/api/v1/orgs/${org}/agents/${agentId}/call-readiness` });
const startCall = (user: TestUser, agentId: string) =>
  request(t, user, { method: 'POST', url: `/api/v1/orgs/${orgId}/agents/${agentId}/calls/web` });
const callCount = async () =>
  Number(
    (
      await t.database.owner
        .selectFrom('calls')
        .select((eb) => eb.fn.countAll().as('count'))
        .where('organizationId', '=', orgId)
        .executeTakeFirstOrThrow()
    ).count,
  );

describe('admitting a call the installation cannot serve', () => {
  it('new agents get the Gemini Live model the installed plugin defaults to', async () => {
    const agentId = await createAgent({ name: 'Default' });
    const agent = (
      await request(t, admin, { method: 'GET', url: `/api/v1/orgs/${orgId}/agents/${agentId}` })
    ).json();
    expect(agent.config.model).toMatchObject({ provider: 'gemini_live', model: GEMINI_LIVE_DEFAULT_MODEL });
  });

  it('saves the thinking-sound setting with each version, on unless turned off', async () => {
    const agentId = await createAgent({ name: 'Quiet' });
    const url = `/api/v1/orgs/${orgId}/agents/${agentId}`;
    const agent = (await request(t, admin, { method: 'GET', url })).json();
    expect(agent.config.thinkingSound).toBe(true);
    const saved = await request(t, admin, {
      method: 'PUT',
      url,
      payload: { ...agent.config, thinkingSound: false },
    });
    expect(saved.json()).toMatchObject({ version: 2, config: { thinkingSound: false } });
    const { versions } = (await request(t, admin, { method: 'GET', url: `${url}/versions` })).json();
    expect(
      versions.map((version: { config: { thinkingSound: boolean } }) => version.config.thinkingSound),
    ).toEqual([false, true]);
  });

  it('refuses a Gemini Live agent without GOOGLE_API_KEY with a 409 naming it, and records no call', async () => {
    const agentId = await createAgent({ name: 'Gemini' });
    const before = await callCount();
    const refused = await startCall(admin, agentId);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toEqual({
      code: 'MODEL_NOT_CONFIGURED',
      message: 'This agent uses Gemini Live; set GOOGLE_API_KEY',
      details: { missing: ['GOOGLE_API_KEY'] },
    });
    expect(await callCount()).toBe(before);
  });

  it('says so before the button is pressed, and admits an agent whose provider is configured', async () => {
    const gemini = await createAgent({ name: 'Gemini' });
    const member = await addMember(t, orgId, 'member');
    const notReady = await readiness(member, gemini);
    expect(notReady.statusCode).toBe(200);
    expect(notReady.json()).toEqual({
      canStartCall: false,
      problems: [
        {
          code: 'MODEL_NOT_CONFIGURED',
          message: 'This agent uses Gemini Live; set GOOGLE_API_KEY',
          missing: ['GOOGLE_API_KEY'],
        },
      ],
    });

    const openai = await createAgent({ name: 'OpenAI', model: { provider: 'openai_realtime' } });
    expect((await readiness(member, openai)).json()).toEqual({ canStartCall: true, problems: [] });
    expect((await startCall(member, openai)).statusCode).toBe(201);
  });

  it('refuses a model id the Gemini API does not serve: a Vertex AI model, a shut-down one', async () => {
    const withKey = await createTestApp({ livekit: TEST_LIVEKIT });
    try {
      const user = await signUp(withKey);
      const org = await createOrganization(withKey, user);
      for (const model of ['gemini-live-2.5-flash-native-audio', 'gemini-2.0-flash-live-001']) {
        const agent = await request(withKey, user, {
          method: 'POST',
          url: `/api/v1/orgs/${org}/agents`,
          payload: { name: model, model: { provider: 'gemini_live', model } },
        });
        const refused = await request(withKey, user, {
          method: 'POST',
          url: `/api/v1/orgs/${org}/agents/${agent.json().id}/calls/web`,
        });
        expect(refused.statusCode).toBe(409);
        expect(refused.json().error.code).toBe('MODEL_NOT_CONFIGURED');
        expect(refused.json().error.message).toContain(model);
      }
    } finally {
      await withKey.close();
    }
  });

  it('lists every problem at once, and answers 404 for another organization’s agent', async () => {
    const agentId = await createAgent({ name: 'Archived' });
    await request(t, admin, { method: 'POST', url: `/api/v1/orgs/${orgId}/agents/${agentId}/archive` });
    const { problems } = (await readiness(admin, agentId)).json();
    expect(problems.map((problem: { code: string }) => problem.code)).toEqual([
      'AGENT_ARCHIVED',
      'MODEL_NOT_CONFIGURED',
    ]);

    const outsider = await signUp(t);
    const otherOrg = await createOrganization(t, outsider, 'Other');
    expect((await readiness(outsider, agentId, otherOrg)).statusCode).toBe(404);
    const billing = await addMember(t, orgId, 'billing');
    expect((await readiness(billing, agentId)).statusCode).toBe(403);
  });

  it('reports unconfigured voice first, with the settings to set', async () => {
    const noVoice = await createTestApp({
      publicConfig: { voice: { configured: false, missing: ['LIVEKIT_URL'] } },
    });
    try {
      const user = await signUp(noVoice);
      const org = await createOrganization(noVoice, user);
      const agent = await request(noVoice, user, {
        method: 'POST',
        url: `/api/v1/orgs/${org}/agents`,
        payload: { name: 'A' },
      });
      const answer = await request(noVoice, user, {
        method: 'GET',
        url: `/api/v1/orgs/${org}/agents/${agent.json().id}/call-readiness`,
      });
      expect(answer.json()).toMatchObject({
        canStartCall: false,
        problems: [{ code: 'VOICE_NOT_CONFIGURED', missing: ['LIVEKIT_URL'] }],
      });
    } finally {
      await noVoice.close();
    }
  });
});
