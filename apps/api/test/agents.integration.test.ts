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
let base: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signUp(t, { name: 'Ada Admin' });
  orgId = await createOrganization(t, admin, 'Acme Dental');
  base = `/api/v1/orgs/${orgId}/agents`;
});
afterAll(() => t.close());

const call = (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
  request(t, admin, { method, url, ...(payload && { payload }) });

async function createAgent(payload: object = { name: 'Receptionist' }) {
  const response = await call('POST', base, payload);
  expect(response.statusCode).toBe(201);
  return response.json();
}

describe('voice agents', () => {
  it('are created as version 1 with sensible defaults', async () => {
    const agent = await createAgent({ name: 'Receptionist', greeting: 'Hello, {{organization_name}}!' });
    expect(agent).toMatchObject({
      name: 'Receptionist',
      status: 'active',
      version: 1,
      config: {
        greeting: 'Hello, {{organization_name}}!',
        language: 'en-US',
        model: { provider: 'gemini_live', voice: 'Puck' },
        maxDurationSeconds: 900,
        silenceTimeoutSeconds: 30,
        tools: [],
        phone: { voicemail: { action: 'hang_up', message: '' }, warmTransfer: false },
      },
    });
  });

  it.each([
    [{ name: 'X', greeting: 'Hi {{caller name}}' }, 'greeting', /Variables are written \{\{name\}\}/],
    [{ name: 'X', phone: { voicemail: { action: 'beep' } } }, 'phone.voicemail.action', /./],
    [{ name: 'X', model: { provider: 'openai_compatible', model: 'llama' } }, 'model.baseUrl', /./],
    [{ name: 'X', temperature: 3 }, 'temperature', /./],
    [{ name: 'X', colour: 'blue' }, '', /colour/],
    [{ name: '' }, 'name', /Give the agent a name/],
  ])('refuses invalid configurations, naming the field (%j)', async (payload, path, message) => {
    const response = await call('POST', base, payload);
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    expect(error.message).toMatch(message);
  });

  it('refuse an OpenAI-compatible server on an internal address, on create and on save', async () => {
    const model = (baseUrl: string) => ({ provider: 'openai_compatible', baseUrl, model: 'llama' });
    const saved = await createAgent({ name: 'Public model', model: model('https://8.8.8.8/v1') });
    for (const [baseUrl, host] of [
      ['http://localhost:11434/v1', 'localhost'],
      ['http://127.1:11434/v1', '127.0.0.1'],
      ['http://[::ffff:127.0.0.1]:4000/v1', '[::ffff:7f00:1]'],
      ['http://169.254.169.254/v1', '169.254.169.254'],
      ['http://10.0.0.5/v1', '10.0.0.5'],
    ]) {
      for (const [method, url] of [
        ['POST', base],
        ['PUT', `${base}/${saved.id}`],
      ] as const) {
        const response = await call(method, url, { name: 'Internal model', model: model(baseUrl ?? '') });
        expect([baseUrl, method, response.statusCode]).toEqual([baseUrl, method, 400]);
        expect(response.json().error.details).toEqual([
          {
            path: 'model.baseUrl',
            message: `The request to ${host} is not allowed: it points to a private or internal address. The operator of this installation can allow it (EGRESS_ALLOW)`,
          },
        ]);
      }
    }
    expect((await call('GET', `${base}/${saved.id}`)).json()).toMatchObject({ version: 1 });
  });

  it('keep every save as a numbered version and restore an old one as the newest', async () => {
    const agent = await createAgent({ name: 'Versioned', systemPrompt: 'first' });
    const saved = (
      await call('PUT', `${base}/${agent.id}`, { name: 'Versioned', systemPrompt: 'second' })
    ).json();
    expect(saved).toMatchObject({ version: 2, config: { systemPrompt: 'second' } });

    const { versions } = (await call('GET', `${base}/${agent.id}/versions`)).json();
    expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(versions[0].createdBy).toEqual({ name: 'Ada Admin' });

    const restored = (await call('POST', `${base}/${agent.id}/versions/1/restore`)).json();
    expect(restored).toMatchObject({ version: 3, config: { systemPrompt: 'first' } });
    expect((await call('POST', `${base}/${agent.id}/versions/9/restore`)).statusCode).toBe(404);
    // No version at all: no such agent.
    const missing = await call('GET', `${base}/${randomUUID()}/versions`);
    expect(missing.statusCode).toBe(404);
    expect(missing.json().error.code).toBe('NOT_FOUND');
  });

  it('duplicate into a new agent with its own history', async () => {
    const agent = await createAgent({ name: 'Original', systemPrompt: 'be brief' });
    const copy = (await call('POST', `${base}/${agent.id}/duplicate`)).json();
    expect(copy).toMatchObject({ name: 'Original (copy)', version: 1, config: { systemPrompt: 'be brief' } });
    expect(copy.id).not.toBe(agent.id);
  });

  it('archive out of the default listing and come back', async () => {
    const agent = await createAgent({ name: 'Seasonal' });
    expect((await call('POST', `${base}/${agent.id}/archive`)).json().status).toBe('archived');
    const active = (await call('GET', base)).json().agents.map((a: { id: string }) => a.id);
    expect(active).not.toContain(agent.id);
    const all = (await call('GET', `${base}?status=all`)).json().agents.map((a: { id: string }) => a.id);
    expect(all).toContain(agent.id);
    expect((await call('POST', `${base}/${agent.id}/unarchive`)).json().status).toBe('active');
  });

  it('attach only tools and functions the organization has', async () => {
    const tool = (
      await call('POST', `/api/v1/orgs/${orgId}/tools`, {
        kind: 'call_control',
        name: 'Call control',
        config: { transferNumber: '+14155550123' },
      })
    ).json();
    const attached = await createAgent({
      name: 'With tools',
      tools: [{ toolId: tool.id, functions: ['end_call', 'transfer_call'] }],
    });
    expect(attached.config.tools).toEqual([{ toolId: tool.id, functions: ['end_call', 'transfer_call'] }]);
    const seen = (await call('GET', `${base}/${attached.id}/functions`)).json();
    expect(seen.functions.map((fn: { name: string }) => fn.name)).toEqual(['end_call', 'transfer_call']);
    expect(seen.problems).toEqual([]);

    const unknownFunction = await call('POST', base, {
      name: 'Bad',
      tools: [{ toolId: tool.id, functions: ['launch_rocket'] }],
    });
    expect(unknownFunction.statusCode).toBe(400);
    expect(unknownFunction.json().error.message).toMatch(/no function named launch_rocket/);

    const unknownTool = await call('POST', base, {
      name: 'Bad',
      tools: [{ toolId: '00000000-0000-4000-8000-000000000000', functions: [] }],
    });
    expect(unknownTool.statusCode).toBe(400);
    expect(unknownTool.json().error.details).toEqual([
      { path: 'tools.0.toolId', message: 'No such tool in this organization' },
    ]);
  });

  it('drop a tool deleted since when an old version is restored', async () => {
    const tool = (
      await call('POST', `/api/v1/orgs/${orgId}/tools`, {
        kind: 'call_control',
        name: 'Temporary',
        config: {},
      })
    ).json();
    const agent = await createAgent({
      name: 'Restorer',
      tools: [{ toolId: tool.id, functions: ['end_call'] }],
    });
    await call('PUT', `${base}/${agent.id}`, { name: 'Restorer', tools: agent.config.tools });
    expect((await call('DELETE', `/api/v1/orgs/${orgId}/tools/${tool.id}`)).statusCode).toBe(204);
    const seen = (await call('GET', `${base}/${agent.id}/functions`)).json();
    expect(seen).toEqual({
      functions: [],
      problems: [{ toolId: tool.id, message: 'This tool was deleted; its functions are left out' }],
    });
    const restored = (await call('POST', `${base}/${agent.id}/versions/1/restore`)).json();
    expect(restored).toMatchObject({ version: 3, config: { tools: [] } });
  });
});
