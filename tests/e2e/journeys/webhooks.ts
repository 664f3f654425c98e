import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { linkFromTerminal } from '../browser.ts';
import { e2e, newPage, SCREENSHOTS, signUp } from '../context.ts';

// Self-contained (its own account and organization), so it also runs alone with --test-name-pattern.
describe('Webhooks', { concurrency: false }, () => {
  test('an org admin adds an endpoint with event checkboxes, copies its secret once, switches it off and on', async () => {
    const owner = await newPage();
    await owner.goto(`${e2e.platform.url}/sign-up`);
    await signUp(owner, 'Wes Hooks', 'wes@example.com');
    await owner.getByRole('heading', { name: 'Verify your email' }).waitFor();
    await owner.goto(
      await linkFromTerminal(e2e.platform.output, 'wes@example.com', 'Verify your email address'),
    );
    await owner.getByLabel('Organization name').fill('Hooks Co');
    await owner.getByRole('button', { name: 'Create organization' }).click();
    await owner.getByRole('heading', { name: 'Hooks Co' }).waitFor();
    const orgUrl = owner.url();

    await owner.goto(`${orgUrl}/settings`);
    await owner.getByRole('link', { name: 'Manage webhooks' }).click();
    await owner.getByRole('heading', { name: 'Webhooks' }).waitFor();
    await owner.getByText('No webhook endpoints').waitFor();
    await owner.getByRole('button', { name: 'Add endpoint' }).click();
    const dialog = owner.getByRole('dialog');
    // EGRESS_ALLOW of the platform allows 127.0.0.1; nothing needs to listen there to save the endpoint.
    await dialog.getByLabel('URL').fill('http://127.0.0.1:9/switchboard-events');
    await dialog.getByLabel('Description').fill('CRM');
    await dialog.getByRole('checkbox', { name: /^credits\.low / }).check();
    await owner.screenshot({ path: `${SCREENSHOTS}/webhook-create.png` });
    await dialog.getByRole('button', { name: 'Add endpoint' }).click();
    const shown = dialog.getByLabel('Signing secret');
    await shown.waitFor();
    const secret = await shown.inputValue();
    assert.match(secret, /^whsec_/);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await owner.getByText('http://127.0.0.1:9/switchboard-events').waitFor();
    await owner.getByText('call.ended, credits.low').waitFor();
    assert.equal(await owner.getByText(secret).count(), 0);

    await owner.getByRole('button', { name: 'Switch off' }).click();
    await owner.getByText('off', { exact: true }).waitFor();
    await owner.getByRole('button', { name: 'Enable again' }).click();
    await owner.getByText('enabled', { exact: true }).waitFor();
    await owner.getByRole('button', { name: 'Deliveries' }).click();
    await owner.getByText('No deliveries yet').waitFor();
    await owner.screenshot({ path: `${SCREENSHOTS}/webhooks.png` });
  });
});
