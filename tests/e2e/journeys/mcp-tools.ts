import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import {
  FAKE_MCP_TOOLS,
  type FakeMcpServer,
  startFakeMcpServer,
} from '@switchboard/tools/testing/fake-mcp-server';
import type { Page } from 'playwright-core';
import { linkFromTerminal } from '../browser.ts';
import { e2e, newPage, SCREENSHOTS, signUp } from '../context.ts';

const TOKEN = 'mcp-e2e-token';

describe('an MCP server becomes a tool', { concurrency: false }, () => {
  let page: Page;
  let server: FakeMcpServer;
  let toolPageUrl: string;
  let agentPageUrl: string;

  before(async () => {
    // A real MCP server (the official SDK) on 127.0.0.1, which the platform's EGRESS_ALLOW lets through.
    server = await startFakeMcpServer({ token: TOKEN });
  });
  after(() => server.close());

  test('a builder adds an MCP server and sees its tools as functions', async () => {
    page = await newPage();
    await page.goto(`${e2e.platform.url}/sign-up`);
    await signUp(page, 'Mona Mcp', 'mona@example.com');
    await page.getByRole('heading', { name: 'Verify your email' }).waitFor();
    await page.goto(
      await linkFromTerminal(e2e.platform.output, 'mona@example.com', 'Verify your email address'),
    );
    await page.getByLabel('Organization name').fill('MCP Co');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('heading', { name: 'MCP Co' }).waitFor();

    await page.getByRole('link', { name: 'Tools' }).click();
    await page.getByRole('link', { name: 'Add tool' }).click();
    await page.getByRole('link', { name: 'Add MCP server' }).click();
    await page.getByLabel('Name').fill('Shop MCP');
    await page.getByLabel('Server URL').fill(server.url);
    await page.getByLabel('Token').fill(TOKEN);
    await page.getByRole('button', { name: 'Add and list its tools' }).click();

    await page.getByRole('heading', { name: 'Shop MCP' }).waitFor();
    const functions = page.getByRole('list', { name: 'Functions' });
    await functions.getByText('lookup_order').waitFor();
    assert.match((await functions.textContent()) ?? '', /cancel_order.*slow_report/s);
    assert.equal(server.authorizations.at(-1), `Bearer ${TOKEN}`);
    assert.doesNotMatch(await page.content(), new RegExp(TOKEN));
    await page.screenshot({ path: `${SCREENSHOTS}/mcp-tool.png`, fullPage: true });
    toolPageUrl = page.url();
  });

  test('testing a function calls the server through the worker tier', async () => {
    await page.getByLabel('Arguments (JSON)').fill('{ "orderNumber": "1001" }');
    await page.getByRole('button', { name: 'Run' }).click();
    const result = page.getByTestId('test-result');
    await result.waitFor();
    await result.getByText(/Order 1001 has shipped/).waitFor();
  });

  test('the agent’s “What the model sees” lists the MCP functions switched on, like any other', async () => {
    await page.getByRole('link', { name: 'Agents' }).click();
    await page.getByRole('button', { name: 'New agent' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('Shop desk');
    await page.getByRole('button', { name: 'Create agent' }).click();
    await page.getByRole('heading', { name: /Shop desk/ }).waitFor();
    agentPageUrl = page.url();

    await page.getByLabel('Shop MCP: lookup_order').check();
    await page.getByLabel('Shop MCP: cancel_order').check();
    await page.getByRole('button', { name: 'Save version 2' }).click();
    await page.getByText('Saved as version 2').waitFor();
    const seen = page.getByTestId('model-functions');
    await seen.getByText('lookup_order').waitFor();
    await seen.getByText('cancel_order').waitFor();
    assert.doesNotMatch((await seen.textContent()) ?? '', /slow_report/);
    assert.match((await seen.textContent()) ?? '', /Shop MCP/);
    await page.goto(toolPageUrl);
  });

  test('a refresh shows what changed on the server', async () => {
    const [lookup] = FAKE_MCP_TOOLS;
    assert.ok(lookup);
    server.setTools([lookup, { ...lookup, name: 'list_returns', description: 'Lists the open returns' }]);
    await page.getByRole('button', { name: 'Refresh tools' }).click();
    await page.getByText('Refreshed: 2 functions').waitFor();
    const changes = page.getByRole('list', { name: 'Changes' }).first();
    assert.match((await changes.textContent()) ?? '', /Added\s*list_returns/);
    assert.match((await changes.textContent()) ?? '', /Removed\s*cancel_order, slow_report/);
    assert.doesNotMatch((await changes.textContent()) ?? '', /Changed/);
    await page.getByRole('list', { name: 'Functions' }).getByText('list_returns').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/mcp-tool-refreshed.png`, fullPage: true });
  });

  test('the agent flags the function the server removed and the model no longer sees it', async () => {
    await page.goto(agentPageUrl);
    const seen = page.getByTestId('model-functions');
    await seen.getByText('Shop MCP no longer has a function named cancel_order').waitFor();
    await seen.getByText('lookup_order').waitFor();
    assert.equal(await seen.getByText('cancel_order', { exact: true }).count(), 0);
    await page.getByLabel('Shop MCP: cancel_order (removed)').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/mcp-agent-removed-function.png`, fullPage: true });
  });
});
