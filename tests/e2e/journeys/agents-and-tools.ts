import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '@switchboard/tools/testing/test-server';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { linkFromTerminal } from '../browser.ts';
import { e2e, newPage, SCREENSHOTS, signUp } from '../context.ts';

const PETSTORE = new URL('../../../packages/tools/test/fixtures/petstore.yaml', import.meta.url);

describe('an agent gets tools, function by function', { concurrency: false }, () => {
  let page: Page;
  let shop: TestServer;
  let orgUrl: string;

  before(async () => {
    shop = await startTestServer();
  });
  after(() => shop.close());

  test('a builder signs up and creates an organization', async () => {
    page = await newPage();
    await page.goto(`${e2e.platform.url}/sign-up`);
    await signUp(page, 'Tess Tools', 'tess@example.com');
    await page.getByRole('heading', { name: 'Verify your email' }).waitFor();
    // No email service, and Tess is no platform admin: the operator passes her the link from the terminal.
    await page.goto(
      await linkFromTerminal(e2e.platform.output, 'tess@example.com', 'Verify your email address'),
    );
    await page.getByLabel('Organization name').fill('Tools Co');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('heading', { name: 'Tools Co' }).waitFor();
    orgUrl = page.url();
  });

  test('an HTTP tool with a secret and a hand-made function', async () => {
    await page.getByRole('link', { name: 'Tools' }).click();
    await page.getByRole('link', { name: 'Add tool' }).click();
    await page.getByRole('button', { name: 'Define functions by hand' }).click();
    await page.getByRole('heading', { name: 'My API' }).waitFor();

    await page.getByLabel('Value').fill('sk-e2e-secret');
    await page.getByRole('button', { name: 'Add secret' }).click();
    await page.getByText('configured').waitFor();
    await page.getByLabel('Headers for every function').fill('X-Api-Key: {{secrets.api_key}}');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Tool saved').waitFor();

    await page.getByRole('button', { name: 'Add function' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('lookup_order');
    await dialog.getByLabel('Description').fill('Find an order by its number');
    await dialog.getByLabel('URL').fill(`${shop.baseUrl}/echo/orders/{{order_id}}`);
    await dialog.getByRole('button', { name: 'Add argument' }).click();
    await dialog.getByLabel('Argument name').fill('order_id');
    await dialog.getByLabel('required').check();
    await dialog.getByRole('button', { name: 'Save function' }).click();
    await page.getByText('Saved lookup_order').waitFor();
  });

  test('testing the function runs it in the worker tier and shows the answer, secret redacted', async () => {
    await page.getByLabel('Arguments (JSON)').fill('{ "order_id": "A-17" }');
    await page.getByRole('button', { name: 'Run' }).click();
    const result = page.getByTestId('test-result');
    await result.waitFor();
    const shown = await result.textContent();
    assert.match(shown ?? '', /succeeded/);
    assert.match(shown ?? '', /\/echo\/orders\/A-17/);
    assert.match(shown ?? '', /\[redacted\]/);
    assert.doesNotMatch(shown ?? '', /sk-e2e-secret/);
    assert.equal(shop.requests.at(-1)?.headers['x-api-key'], 'sk-e2e-secret');
    await page.screenshot({ path: `${SCREENSHOTS}/tool-test-run.png`, fullPage: true });
  });

  test('an OpenAPI document becomes a tool with the chosen operations', async () => {
    await page.goto(`${orgUrl}/tools/import`);
    await page.getByLabel(/^OpenAPI 3 or Swagger 2.0 document/).fill(await readFile(PETSTORE, 'utf8'));
    await page.getByLabel('Base URL (optional)').fill(shop.baseUrl);
    await page.getByRole('button', { name: 'Read document' }).click();
    await page.getByLabel('Tool name').fill('Petstore');
    await page.getByRole('button', { name: /^Clear$/ }).click();
    await page.getByLabel('GET /pets', { exact: true }).check();
    await page.getByLabel('POST /pets', { exact: true }).check();
    await page.screenshot({ path: `${SCREENSHOTS}/openapi-import.png`, fullPage: true });
    await page.getByRole('button', { name: 'Create tool with 2 functions' }).click();
    await page.getByRole('heading', { name: 'Petstore' }).waitFor();
  });

  test('an imported document shows the authentication it declares, asks for its secret and signs requests with it', async () => {
    const document = {
      openapi: '3.1.0',
      info: { title: 'Kennel', version: '2' },
      servers: [{ url: `${shop.baseUrl}/echo` }],
      security: [{ token: [] }],
      components: { securitySchemes: { token: { type: 'http', scheme: 'bearer' } } },
      paths: {
        '/dogs': {
          post: {
            summary: 'Register a dog',
            requestBody: {
              content: {
                'application/x-www-form-urlencoded': {
                  schema: {
                    type: 'object',
                    required: ['name'],
                    properties: { name: { type: 'string' }, tags: { type: 'object' } },
                  },
                },
              },
            },
            responses: { 200: { description: 'OK' } },
          },
        },
      },
    };
    await page.goto(`${orgUrl}/tools/import`);
    await page.getByLabel(/^OpenAPI 3 or Swagger 2.0 document/).fill(JSON.stringify(document));
    await page.getByRole('button', { name: 'Read document' }).click();
    await page.getByRole('heading', { name: 'Authentication' }).waitFor();
    assert.equal(await page.getByRole('radio', { name: /^Bearer token/ }).isChecked(), true);
    const create = page.getByRole('button', { name: 'Create tool with 1 function' });
    assert.equal(await create.isDisabled(), true);
    // The secret's field is a password field (no textbox role): found by its label's target.
    await page.locator('#secret-bearer_token').fill('e2e-bearer-token');
    await page.screenshot({ path: `${SCREENSHOTS}/openapi-import-auth.png`, fullPage: true });
    await create.click();
    await page.getByRole('heading', { name: 'Kennel' }).waitFor();
    await page.getByTestId('tool-auth').getByText('Bearer token (secret bearer_token)').waitFor();

    await page.getByLabel('Arguments (JSON)').fill('{ "name": "Rex", "tags": { "color": "brown" } }');
    await page.getByRole('button', { name: 'Run' }).click();
    await page
      .getByTestId('test-result')
      .getByText(/succeeded/)
      .waitFor();
    const sent = shop.requests.at(-1);
    assert.equal(sent?.path, '/echo/dogs');
    assert.equal(sent?.headers.authorization, 'Bearer e2e-bearer-token');
    assert.equal(sent?.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(sent?.rawBody, 'name=Rex&tags%5Bcolor%5D=brown');
  });

  test('the agent sees exactly the functions switched on, version by version', async () => {
    await page.goto(`${orgUrl}/agents`);
    await page.getByRole('button', { name: 'New agent' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('Front desk');
    await page.getByRole('button', { name: 'Create agent' }).click();
    await page.getByRole('heading', { name: /Front desk/ }).waitFor();

    await page.getByLabel('My API: lookup_order').check();
    await page.getByLabel('Petstore: listPets').check();
    await page.getByRole('button', { name: 'Save version 2' }).click();
    await page.getByText('Saved as version 2').waitFor();
    const seen = page.getByTestId('model-functions');
    await seen.getByText('listPets').waitFor();
    await seen.getByText('lookup_order').waitFor();

    await page.getByLabel('Petstore: listPets').uncheck();
    await page.getByRole('button', { name: 'Save version 3' }).click();
    await page.getByText('Saved as version 3').waitFor();
    await seen.getByText('listPets').waitFor({ state: 'detached' });
    await seen.getByText('lookup_order').waitFor();

    await page
      .getByRole('listitem')
      .filter({ hasText: 'v2' })
      .getByRole('button', { name: 'Restore' })
      .click();
    await page.getByText('Version 2 restored as version 4').waitFor();
    await seen.getByText('listPets').waitFor();

    await page.screenshot({ path: `${SCREENSHOTS}/agent-editor.png`, fullPage: true });
  });

  test('Talk to agent on an install without voice names exactly what to set', async () => {
    await page.getByRole('button', { name: 'Talk to agent' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: 'Voice is not configured' }).waitFor();
    const missing = await dialog.getByTestId('voice-missing').textContent();
    assert.match(missing ?? '', /LIVEKIT_URL/);
    assert.match(missing ?? '', /LIVEKIT_API_SECRET/);
    await page.keyboard.press('Escape');
  });

  test('the calls pages show a call with its transcript and tool calls', async () => {
    const agentId = page.url().split('/').at(-1) ?? '';
    const db = new pg.Client({ connectionString: e2e.platform.ownerDatabaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query(
        `insert into calls (organization_id, agent_id, agent_version, channel, status, room_name, started_at, ended_at,
                            duration_seconds, end_reason, cost_millicredits)
         select organization_id, id, current_version, 'web', 'ended', 'call-e2e', now() - interval '95 seconds', now(),
                95, 'caller_hung_up', 0 from agents where id = $1
         returning id, organization_id`,
        [agentId],
      );
      const { id, organization_id: orgId } = rows[0];
      await db.query(
        `insert into call_transcript_items (organization_id, call_id, seq, role, text) values
           ($1, $2, 1, 'assistant', 'Hello, thanks for calling Tools Co. How can I help?'),
           ($1, $2, 2, 'user', 'Where is my order A-17?')`,
        [orgId, id],
      );
      await db.query(
        `insert into call_tool_calls (organization_id, call_id, tool_call_id, function_name, arguments, result, started_at, finished_at)
         values ($1, $2, 'call_1', 'lookup_order', '{"order_id":"A-17"}', '{"status":"shipped"}', now(), now())`,
        [orgId, id],
      );
    } finally {
      await db.end();
    }

    await page.getByRole('link', { name: 'Calls' }).click();
    await page.getByRole('link', { name: 'Front desk' }).click();
    await page.getByTestId('transcript').getByText('Where is my order A-17?').waitFor();
    await page.getByTestId('tool-calls').getByText('lookup_order').waitFor();
    await page.getByText('Caller hung up').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/call-detail.png`, fullPage: true });
  });
});
