import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '@switchboard/tools/testing/test-server';
import type { Page } from 'playwright-core';
import {
  type FakeChatCompletions,
  startFakeChatCompletions,
  textOf,
} from '../../../apps/worker/test/fake-chat-completions.ts';
import { linkFromTerminal } from '../browser.ts';
import { e2e, newPage, SCREENSHOTS, signUp } from '../context.ts';

describe('chat with an agent from its editor', { concurrency: false }, () => {
  let page: Page;
  let shop: TestServer;
  let model: FakeChatCompletions;
  let agentUrl: string;

  before(async () => {
    shop = await startTestServer();
    // The agent's own OpenAI-compatible server: looks the order up, then answers from the function's output.
    model = await startFakeChatCompletions(({ body }) => {
      const last = body.messages.at(-1);
      if (last?.role === 'tool') {
        const echoed = JSON.parse(textOf(last)) as { path: string };
        return { content: `Order ${echoed.path.split('/').at(-1)} is on its way.` };
      }
      return { toolCalls: [{ id: 'call_1', name: 'lookup_order', arguments: { order_id: 'A-17' } }] };
    });
  });
  after(() => Promise.all([shop.close(), model.close()]));

  test('a builder with an agent that has an HTTP tool opens the agent', async () => {
    page = await newPage();
    await page.goto(`${e2e.platform.url}/sign-up`);
    await signUp(page, 'Chad Chat', 'chad@example.com');
    await page.getByRole('heading', { name: 'Verify your email' }).waitFor();
    await page.goto(
      await linkFromTerminal(e2e.platform.output, 'chad@example.com', 'Verify your email address'),
    );
    await page.getByLabel('Organization name').fill('Chat Co');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('heading', { name: 'Chat Co' }).waitFor();
    const orgId = new URL(page.url()).pathname.split('/')[2];
    // The tool and the agent as the API makes them (their editors have journeys of their own).
    const api = (path: string, data: object) =>
      page.request.post(`${e2e.platform.url}/api/v1/orgs/${orgId}${path}`, {
        headers: { origin: e2e.platform.url },
        data,
      });
    const tool = await api('/tools', {
      kind: 'http',
      name: 'Shop',
      config: {
        headers: { 'x-api-key': '{{secrets.api_key}}' },
        functions: [
          {
            name: 'lookup_order',
            description: 'Find an order',
            parameters: {
              type: 'object',
              properties: { order_id: { type: 'string' } },
              required: ['order_id'],
            },
            method: 'GET',
            url: `${shop.baseUrl}/echo/orders/{{order_id}}`,
          },
        ],
      },
      secrets: { api_key: 'sk-chat-e2e-secret' },
    });
    assert.equal(tool.status(), 201, await tool.text());
    const agent = await api('/agents', {
      name: 'Robin',
      greeting: 'Hello, this is {{agent_name}} at {{organization_name}}.',
      model: { provider: 'openai_compatible', baseUrl: model.baseUrl, model: 'fake-chat' },
      tools: [{ toolId: (await tool.json()).id, functions: ['lookup_order'] }],
    });
    assert.equal(agent.status(), 201, await agent.text());
    agentUrl = `${e2e.platform.url}/o/${orgId}/agents/${(await agent.json()).id}`;
    await page.goto(agentUrl);
    await page.getByRole('heading', { name: 'Robin' }).waitFor();
  });

  test('chats: the greeting, a message, the tool call inline with its result, secret redacted', async () => {
    const panel = page.getByTestId('chat-panel');
    await panel.getByRole('button', { name: 'Start a chat' }).click();
    await panel.getByTestId('chat-reply').filter({ hasText: 'Hello, this is Robin at Chat Co.' }).waitFor();
    await panel.getByTestId('chat-input').fill('Where is order A-17?');
    await panel.getByTestId('chat-input').press('Enter');
    await panel.getByTestId('chat-reply').filter({ hasText: 'Order A-17 is on its way.' }).waitFor();
    const card = await panel.getByTestId('chat-tool-call').textContent();
    assert.match(card ?? '', /lookup_order/);
    assert.match(card ?? '', /A-17/);
    assert.match(card ?? '', /\[redacted\]/);
    assert.doesNotMatch(card ?? '', /sk-chat-e2e-secret/);
    assert.equal(shop.requests.at(-1)?.headers['x-api-key'], 'sk-chat-e2e-secret');
    // Enter sent the message; it did not save the agent.
    assert.equal(await page.getByText('Unsaved changes').count(), 0);
    await page.screenshot({ path: `${SCREENSHOTS}/agent-chat.png`, fullPage: true });
  });

  test('Reset ends the chat and starts another, greeting again', async () => {
    const panel = page.getByTestId('chat-panel');
    await panel.getByTestId('chat-reset').click();
    await panel.getByTestId('chat-tool-call').waitFor({ state: 'detached' });
    await panel.getByTestId('chat-reply').filter({ hasText: 'Hello, this is Robin at Chat Co.' }).waitFor();
    assert.equal(await panel.getByTestId('chat-user').count(), 0);
  });
});
