import type { JobRunner } from '@switchboard/core/jobs/run-jobs';
import { startTestServer, type TestServer } from '@switchboard/tools/testing/test-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type FakeChatCompletions,
  startFakeChatCompletions,
  textOf,
} from '../../worker/test/fake-chat-completions.ts';
import {
  addMember,
  createOrganization,
  createTestApp,
  request,
  signUp,
  startJobs,
  type TestApp,
  type TestUser,
  testSecret,
} from './harness.ts';

let t: TestApp;
let admin: TestUser;
let outsider: TestUser;
let shop: TestServer;
let model: FakeChatCompletions;
let jobs: JobRunner;
let orgId: string;
let agentId: string;
let geminiAgentId: string;
const apiKey = testSecret();

const GREETING = 'Hello Dana, this is Robin at Acme Dental.';

beforeAll(async () => {
  // No Google key on this installation: a Gemini agent cannot chat; the agent on its own server can.
  t = await createTestApp({ modelSettings: { GOOGLE_API_KEY: false }, egressAllow: ['127.0.0.1'] });
  shop = await startTestServer();
  // A small model: looks the order up when asked, answers from the function's output, thanks otherwise.
  model = await startFakeChatCompletions(({ body }) => {
    const last = body.messages.at(-1);
    if (last?.role === 'tool') {
      const echoed = JSON.parse(textOf(last)) as { path: string };
      return { content: `Order ${echoed.path.split('/').at(-1)} is on its way.` };
    }
    if (last?.role === 'user' && textOf(last) === 'Break, please') {
      return { failWith: { status: 401, message: 'Incorrect API key provided' } };
    }
    if (last?.role === 'user' && textOf(last).includes('A-17')) {
      return { toolCalls: [{ id: 'call_lookup_1', name: 'lookup_order', arguments: { id: 'A-17' } }] };
    }
    return { content: 'You are welcome.' };
  });
  jobs = await startJobs(t);
  admin = await signUp(t);
  outsider = await signUp(t);
  orgId = await createOrganization(t, admin, 'Acme Dental');
  await createOrganization(t, outsider, 'Other Co');
  const tool = await request(t, admin, {
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/tools`,
    payload: {
      kind: 'http',
      name: 'Shop',
      config: {
        headers: { 'x-api-key': '{{secrets.api_key}}' },
        functions: [
          {
            name: 'lookup_order',
            description: 'Find an order',
            parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
            method: 'GET',
            url: `${shop.baseUrl}/echo/orders/{{id}}`,
          },
        ],
      },
      secrets: { api_key: apiKey },
    },
  });
  expect(tool.statusCode).toBe(201);
  const agent = await request(t, admin, {
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/agents`,
    payload: {
      name: 'Robin',
      systemPrompt: 'You help {{customer}} with orders.',
      greeting: 'Hello {{customer}}, this is {{agent_name}} at {{organization_name}}.',
      model: { provider: 'openai_compatible', baseUrl: model.baseUrl, model: 'fake-chat' },
      tools: [{ toolId: tool.json().id, functions: ['lookup_order'] }],
    },
  });
  expect(agent.statusCode).toBe(201);
  agentId = agent.json().id;
  const gemini = await request(t, admin, {
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/agents`,
    payload: { name: 'Gem', model: { provider: 'gemini_live', voice: 'Puck' } },
  });
  geminiAgentId = gemini.json().id;
});
afterAll(async () => {
  await jobs.stop();
  await Promise.all([shop.close(), model.close()]);
  await t.close();
});

interface Chat {
  callId: string;
  status: string;
  endReason: string | null;
  turns: Array<{
    id: string;
    kind: string;
    status: string;
    reply: string | null;
    error: string | null;
    toolCalls: Array<{ functionName: string; arguments: unknown; result: unknown; isError: boolean }>;
  }>;
}

/** The chat once no turn is pending (the job runner answered). */
function settled(callId: string, user = admin): Promise<Chat> {
  return vi.waitFor(
    async () => {
      const chat = (
        await request(t, user, { method: 'GET', url: `/api/v1/orgs/${orgId}/chats/${callId}` })
      ).json() as Chat;
      if (chat.turns.some((turn) => turn.status === 'pending')) throw new Error('still pending');
      return chat;
    },
    { timeout: 20_000, interval: 100 },
  );
}

async function startChat(): Promise<Chat> {
  const started = await request(t, admin, {
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/agents/${agentId}/chats`,
    payload: { variables: { customer: 'Dana' } },
  });
  expect(started.statusCode).toBe(202);
  return settled(started.json().callId);
}

const send = (callId: string, text: string) =>
  request(t, admin, {
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/chats/${callId}/messages`,
    payload: { text },
  });

describe('chat with an agent', () => {
  it('greets, calls a function through the worker tier, answers from it, and keeps it as a chat call', async () => {
    const chat = await startChat();
    expect(chat.turns).toMatchObject([{ kind: 'greet', status: 'succeeded', reply: GREETING }]);

    const sent = await send(chat.callId, 'Where is order A-17?');
    expect(sent.statusCode).toBe(202);
    expect(sent.json()).toMatchObject({ kind: 'message', status: 'pending' });
    const answered = await settled(chat.callId);
    const turn = answered.turns[1];
    expect(turn).toMatchObject({ status: 'succeeded', reply: 'Order A-17 is on its way.', error: null });
    expect(turn?.toolCalls).toMatchObject([
      { functionName: 'lookup_order', arguments: { id: 'A-17' }, isError: false },
    ]);
    // The real HTTP call, with the opened secret; what the dashboard sees has it redacted.
    expect(shop.requests.at(-1)).toMatchObject({
      path: '/echo/orders/A-17',
      headers: { 'x-api-key': apiKey },
    });
    expect(JSON.stringify(answered)).not.toContain(apiKey);
    expect(JSON.stringify(turn?.toolCalls)).toContain('[redacted]');

    // The next message is answered from the conversation rebuilt from the stored turns.
    await send(chat.callId, 'Thanks!');
    const thanked = await settled(chat.callId);
    expect(thanked.turns[2]).toMatchObject({ status: 'succeeded', reply: 'You are welcome.' });
    const lastRequest = model.requests.at(-1)?.body.messages ?? [];
    expect(lastRequest.map((message) => message.role)).toEqual([
      'system',
      'assistant',
      'user',
      'assistant',
      'tool',
      'assistant',
      'user',
    ]);
    expect(textOf(lastRequest[0])).toContain('You help Dana with orders.');

    // The same record as a voice call: a call of channel chat, its transcript and its tool call.
    const detail = await request(t, admin, {
      method: 'GET',
      url: `/api/v1/orgs/${orgId}/calls/${chat.callId}`,
    });
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({ channel: 'chat', status: 'active' });
    const items = await t.database.owner
      .selectFrom('callTranscriptItems')
      .select(['role', 'text'])
      .where('callId', '=', chat.callId)
      .orderBy('seq')
      .execute();
    expect(items).toEqual([
      { role: 'assistant', text: GREETING },
      { role: 'user', text: 'Where is order A-17?' },
      { role: 'assistant', text: 'Order A-17 is on its way.' },
      { role: 'user', text: 'Thanks!' },
      { role: 'assistant', text: 'You are welcome.' },
    ]);
    const toolCalls = await t.database.owner
      .selectFrom('callToolCalls')
      .select(['functionName', 'isError'])
      .where('callId', '=', chat.callId)
      .execute();
    expect(toolCalls).toEqual([{ functionName: 'lookup_order', isError: false }]);

    // Reset: the worker tier finalizes the call; the chat takes no more messages.
    const reset = await request(t, admin, {
      method: 'DELETE',
      url: `/api/v1/orgs/${orgId}/chats/${chat.callId}`,
    });
    expect(reset.statusCode).toBe(202);
    const ended = await settled(chat.callId);
    expect(ended).toMatchObject({ status: 'ended', endReason: 'caller_hung_up' });
    const row = await t.database.owner
      .selectFrom('calls')
      .select(['finalizedAt'])
      .where('id', '=', chat.callId)
      .executeTakeFirstOrThrow();
    expect(row.finalizedAt).not.toBeNull();
    const late = await send(chat.callId, 'Hello?');
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('CHAT_ENDED');
  }, 60_000);

  it('answers 409 naming the key to set when the text model is not configured', async () => {
    const refused = await request(t, admin, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/agents/${geminiAgentId}/chats`,
      payload: {},
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'MODEL_NOT_CONFIGURED',
      details: { missing: ['GOOGLE_API_KEY'] },
    });
    expect(refused.json().error.message).toContain('GOOGLE_API_KEY');
  });

  it('refuses a second message while the first is answered, and names the field of an empty one', async () => {
    const chat = await startChat();
    const empty = await send(chat.callId, '   ');
    expect(empty.statusCode).toBe(400);
    expect(JSON.stringify(empty.json())).toContain('text');
    await send(chat.callId, 'Thanks');
    const second = await send(chat.callId, 'And again');
    // Either still answering (busy) or answered already: never two turns at once.
    if (second.statusCode !== 202) expect(second.json().error.code).toBe('CHAT_BUSY');
    await settled(chat.callId);
  }, 30_000);

  it('says in words when the model fails, and the chat goes on', async () => {
    const chat = await startChat();
    await send(chat.callId, 'Break, please');
    const failed = await settled(chat.callId);
    expect(failed.turns[1]).toMatchObject({ status: 'failed', reply: null });
    expect(failed.turns[1]?.error).toMatch(/^The model failed: .*401/);
    await send(chat.callId, 'Thanks');
    expect((await settled(chat.callId)).turns[2]).toMatchObject({
      status: 'succeeded',
      reply: 'You are welcome.',
    });
  }, 60_000);

  it('keeps chats to their organization', async () => {
    const chat = await startChat();
    const urls = [
      ['GET', `/api/v1/orgs/${orgId}/chats/${chat.callId}`],
      ['POST', `/api/v1/orgs/${orgId}/chats/${chat.callId}/messages`],
      ['DELETE', `/api/v1/orgs/${orgId}/chats/${chat.callId}`],
      ['POST', `/api/v1/orgs/${orgId}/agents/${agentId}/chats`],
    ] as const;
    for (const [method, url] of urls) {
      const payload = url.endsWith('/messages') ? { text: 'Hi' } : {};
      const response = await request(t, outsider, { method, url, payload });
      expect([method, url, response.statusCode]).toEqual([method, url, 404]);
    }
    // A web call is not a chat, even in the same organization.
    const member = await addMember(t, orgId, 'member');
    const other = await request(t, member, { method: 'GET', url: `/api/v1/orgs/${orgId}/chats/${orgId}` });
    expect(other.statusCode).toBe(404);
  }, 30_000);
});
