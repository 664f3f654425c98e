import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { linkFromTerminal } from '../browser.ts';
import { e2e, newPage, SCREENSHOTS, signUp } from '../context.ts';

// Self-contained (its own account and organization), so it also runs alone with --test-name-pattern.
describe('API keys', { concurrency: false }, () => {
  let owner: Page;
  let orgId: string;
  let secret: string;

  test('an org admin creates a key with a permission picker, copies it once and sees it listed', async () => {
    owner = await newPage();
    await owner.goto(`${e2e.platform.url}/sign-up`);
    await signUp(owner, 'Kim Keys', 'kim@example.com');
    await owner.getByRole('heading', { name: 'Verify your email' }).waitFor();
    await owner.goto(
      await linkFromTerminal(e2e.platform.output, 'kim@example.com', 'Verify your email address'),
    );
    await owner.getByLabel('Organization name').fill('Integrations Co');
    await owner.getByRole('button', { name: 'Create organization' }).click();
    await owner.getByRole('heading', { name: 'Integrations Co' }).waitFor();
    const orgUrl = owner.url();
    orgId = orgUrl.split('/').at(-1) ?? '';

    await owner.goto(`${orgUrl}/settings`);
    await owner.getByRole('link', { name: 'Manage API keys' }).click();
    await owner.getByRole('heading', { name: 'API keys' }).waitFor();
    await owner.getByRole('button', { name: 'Create API key' }).click();
    const dialog = owner.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('CRM sync');
    await dialog.getByRole('checkbox', { name: /^agents:read / }).check();
    await dialog.getByRole('checkbox', { name: /^agents:write / }).check();
    await owner.screenshot({ path: `${SCREENSHOTS}/api-key-create.png` });
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const shown = dialog.getByLabel('New API key');
    await shown.waitFor();
    secret = await shown.inputValue();
    assert.match(secret, /^sb_key_[a-z2-7]{12}_[A-Za-z0-9_-]{43}$/);
    await owner.screenshot({ path: `${SCREENSHOTS}/api-key-show-once.png` });
    await dialog.getByRole('button', { name: 'Done' }).click();
    await owner.getByText('CRM sync').waitFor();
    await owner.getByText('Never used').waitFor();
    // The list shows the prefix, never the secret.
    assert.equal(await owner.getByText(secret).count(), 0);
  });

  test('a script uses the key with fetch, then the admin revokes it and the key stops working', async () => {
    const agents = `${e2e.platform.url}/api/v1/orgs/${orgId}/agents`;
    const headers = { authorization: `Bearer ${secret}`, 'content-type': 'application/json' };
    const created = await fetch(agents, {
      method: 'POST',
      headers,
      body: JSON.stringify({ name: 'From a script' }),
    });
    assert.equal(created.status, 201, await created.clone().text());
    const listed = await fetch(agents, { headers });
    assert.equal(listed.status, 200);
    assert.deepEqual(
      ((await listed.json()) as { agents: { name: string }[] }).agents.map((agent) => agent.name),
      ['From a script'],
    );
    const members = await fetch(`${e2e.platform.url}/api/v1/orgs/${orgId}/members`, { headers });
    assert.equal(members.status, 403);

    await owner.reload();
    await owner.getByText(/Last used/).waitFor();
    await owner.screenshot({ path: `${SCREENSHOTS}/api-keys.png` });
    await owner.getByRole('button', { name: 'Revoke CRM sync' }).click();
    await owner.getByRole('dialog').getByRole('button', { name: 'Revoke key' }).click();
    await owner.getByText('revoked', { exact: true }).waitFor();
    assert.equal((await fetch(agents, { headers })).status, 401);
  });

  test('the API reference lets a developer authorize with a key and try a route', async () => {
    const made = await owner.request.post(`${e2e.platform.url}/api/v1/orgs/${orgId}/api-keys`, {
      headers: { origin: e2e.platform.url },
      data: { name: 'Docs', permissions: ['agents:read'] },
    });
    const { secret: docsKey } = (await made.json()) as { secret: string };
    // A fresh browser without a session: only the key can open the route.
    const page = await newPage();
    await page.goto(`${e2e.platform.url}/api/docs`);
    await page.getByRole('button', { name: 'Authorize' }).first().click();
    // Swagger UI's dialog: one form per scheme; the bearer one is the API key's.
    const modal = page.locator('.modal-ux');
    await modal.locator('#auth-bearer-value').fill(docsKey);
    await modal
      .locator('form', { has: page.locator('#auth-bearer-value') })
      .getByRole('button', { name: 'Apply credentials' })
      .click();
    await modal.getByRole('button', { name: 'Close' }).first().click();
    const operation = page.locator('#operations-agents-get_api_v1_orgs__orgId__agents');
    await operation.locator('.opblock-summary').first().click();
    await operation.getByRole('button', { name: 'Try it out' }).click();
    await operation.locator('input[placeholder="orgId"]').fill(orgId);
    await operation.getByRole('button', { name: 'Execute' }).click();
    // Under the docs page's CSP (script-src 'self', connect-src 'self') the request goes out with the key.
    await operation.locator('.live-responses-table .response-col_status', { hasText: '200' }).waitFor();
    await operation.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}/api-docs-try-with-key.png`, fullPage: false });
  });
});
