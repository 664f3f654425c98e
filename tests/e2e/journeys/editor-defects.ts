import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { linkFromTerminal } from '../browser.ts';
import { e2e, newPage, SCREENSHOTS, signUp } from '../context.ts';

/** The id of the focused element. */
const focusedId = (page: Page) => page.evaluate<string>("document.activeElement?.id ?? ''");
/** Browser Back, as the button does it (the root tsconfig has no DOM library: evaluated as text). */
const back = (page: Page) => page.evaluate('history.back()');

// Issue 12, defects 3, 5 and 7: the agent editor's errors, leaving an editor with unsaved changes, and the
// version history, each checked the way a customer met it.
describe('editor defects stay fixed', { concurrency: false }, () => {
  let page: Page;
  let orgUrl: string;
  let orgId: string;

  async function createAgent(body: Record<string, unknown>): Promise<{ id: string; config: object }> {
    const created = await page.request.post(`${e2e.platform.url}/api/v1/orgs/${orgId}/agents`, {
      headers: { origin: e2e.platform.url },
      data: body,
    });
    assert.equal(created.status(), 201, await created.text());
    return created.json();
  }

  test('editor defect: a builder with an organization', async () => {
    page = await newPage();
    await page.goto(`${e2e.platform.url}/sign-up`);
    await signUp(page, 'Eddie Tor', 'eddie@example.com');
    await page.getByRole('heading', { name: 'Verify your email' }).waitFor();
    await page.goto(
      await linkFromTerminal(e2e.platform.output, 'eddie@example.com', 'Verify your email address'),
    );
    await page.getByLabel('Organization name').fill('Editors Co');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('heading', { name: 'Editors Co' }).waitFor();
    orgUrl = page.url();
    orgId = new URL(orgUrl).pathname.split('/')[2] ?? '';
  });

  test('editor defect: errors next to their field in words, a summary at Save, focus on the first (3)', async () => {
    const agent = await createAgent({ name: 'Error desk' });
    await page.goto(`${orgUrl}/agents/${agent.id}`);
    await page.getByLabel('Greeting').fill('Hello {{first name}}');
    await page.getByLabel('Maximum call length (minutes)').fill('0');
    await page.getByRole('button', { name: 'Save version 2' }).click();

    const duration = page.getByLabel('Maximum call length (minutes)');
    await page.locator('#max-duration-error').getByText('At least 1 minute', { exact: true }).waitFor();
    assert.equal(await duration.getAttribute('aria-invalid'), 'true');
    assert.equal(await duration.getAttribute('aria-describedby'), 'max-duration-error');
    assert.equal(await page.getByLabel('Greeting').getAttribute('aria-describedby'), 'greeting-error');
    assert.doesNotMatch((await page.locator('main').textContent()) ?? '', /maxDurationSeconds|Too small/);

    const summary = page.getByRole('status').filter({ hasText: 'problems:' });
    assert.equal(await summary.textContent(), '2 problems: Greeting, Maximum call length');
    // The first field with an error (in page order) has the focus; the summary's names move it.
    assert.equal(await focusedId(page), 'greeting');
    await page.screenshot({ path: `${SCREENSHOTS}/editor-defects-errors.png` });
    await summary.getByRole('button', { name: 'Maximum call length' }).click();
    assert.equal(await focusedId(page), 'max-duration');

    // Fixed, a field's message goes as it is edited.
    await duration.fill('10');
    await page.locator('#max-duration-error').waitFor({ state: 'detached' });
    await page.getByLabel('Greeting').fill('Hello {{caller_number}}');
    await summary.waitFor({ state: 'detached' });

    // An error only the server finds (a model server on a private address) shows the same way.
    await page.getByLabel('Provider').selectOption('openai_compatible');
    await page.getByLabel('Model', { exact: true }).fill('llama-3.3-70b');
    await page.getByLabel('Base URL').fill('http://10.20.30.40/v1');
    await page.getByRole('button', { name: 'Save version 2' }).click();
    await page.locator('#base-url-error').waitFor();
    assert.equal(await page.getByLabel('Base URL').getAttribute('aria-invalid'), 'true');
    await page
      .getByRole('status')
      .filter({ hasText: '1 problem:' })
      .getByRole('button', { name: 'Base URL' })
      .waitFor();
    assert.equal(await focusedId(page), 'base-url');
    await page.screenshot({ path: `${SCREENSHOTS}/editor-defects-server-error.png` });
    await page.getByRole('button', { name: 'Discard', exact: true }).click();
  });

  test('editor defect: leaving an editor with unsaved changes asks first, and only then (5)', async () => {
    const agent = await createAgent({ name: 'Leaving desk' });
    const agentUrl = `${orgUrl}/agents/${agent.id}`;
    const nav = page.getByRole('navigation', { name: 'Main' });
    const ask = page.getByRole('dialog', { name: 'Discard changes?' });

    // Nothing changed: the sidebar leaves at once.
    await page.goto(agentUrl);
    await page.getByLabel('Name', { exact: true }).waitFor();
    await nav.getByRole('link', { name: 'Tools' }).click();
    await page.waitForURL(`${orgUrl}/tools`);
    assert.equal(await ask.count(), 0);

    await page.goto(agentUrl);
    await page.getByLabel('Name', { exact: true }).fill('Leaving desk, renamed');
    await nav.getByRole('link', { name: 'Tools' }).click();
    await ask.waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/editor-defects-discard.png` });
    await ask.getByRole('button', { name: 'Keep editing' }).click();
    await ask.waitFor({ state: 'detached' });
    assert.equal(page.url(), agentUrl);
    assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'Leaving desk, renamed');

    // Browser Back asks too; kept, the page and the edit stay.
    await back(page);
    await ask.waitFor();
    await ask.getByRole('button', { name: 'Keep editing' }).click();
    assert.equal(page.url(), agentUrl);
    assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'Leaving desk, renamed');
    // A menu item that navigates from code (the organization switcher's) asks as well.
    await page.getByRole('button', { name: /Switch organization/ }).click();
    await page.getByRole('menuitem', { name: 'Create organization' }).click();
    await ask.waitFor();
    await ask.getByRole('button', { name: 'Keep editing' }).click();
    await ask.waitFor({ state: 'detached' });
    assert.equal(page.url(), agentUrl);
    assert.equal(await page.getByLabel('Name', { exact: true }).inputValue(), 'Leaving desk, renamed');
    // Discarded, Back leaves.
    await back(page);
    await ask.getByRole('button', { name: 'Discard changes' }).click();
    await page.waitForURL((url) => url.href !== agentUrl);

    // Discarded from the sidebar, the link is followed.
    await page.goto(agentUrl);
    await page.getByLabel('Name', { exact: true }).fill('Leaving desk, again');
    await nav.getByRole('link', { name: 'Agents' }).click();
    await ask.getByRole('button', { name: 'Discard changes' }).click();
    await page.waitForURL(`${orgUrl}/agents`);

    // Saved, nothing is left to lose.
    await page.goto(agentUrl);
    await page.getByLabel('Name', { exact: true }).fill('Leaving desk, saved');
    await page.getByRole('button', { name: 'Save version 2' }).click();
    await page.getByText('Saved as version 2').waitFor();
    await nav.getByRole('link', { name: 'Tools' }).click();
    await page.waitForURL(`${orgUrl}/tools`);
    assert.equal(await ask.count(), 0);

    // Escape in an editor's dialog: at once when nothing changed, after asking when something did.
    await page.getByRole('link', { name: 'Add tool' }).click();
    await page.getByRole('button', { name: 'Define functions by hand' }).click();
    await page.getByRole('heading', { name: 'My API' }).waitFor();
    await page.getByRole('button', { name: 'Add function' }).click();
    const fn = page.getByRole('dialog', { name: 'New function' });
    await fn.waitFor();
    await page.keyboard.press('Escape');
    await fn.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Add function' }).click();
    await fn.getByLabel('Name', { exact: true }).fill('lookup_order');
    await page.keyboard.press('Escape');
    await ask.waitFor();
    await ask.getByRole('button', { name: 'Keep editing' }).click();
    assert.equal(await fn.getByLabel('Name', { exact: true }).inputValue(), 'lookup_order');
    await page.keyboard.press('Escape');
    await ask.getByRole('button', { name: 'Discard changes' }).click();
    await fn.waitFor({ state: 'detached' });

    // Reload or closing the tab: the browser's own prompt.
    await page.locator('#tool-name').fill('My API, renamed');
    const prompted = new Promise<string>((resolve) =>
      page.once('dialog', (dialog) => {
        resolve(dialog.type());
        void dialog.dismiss();
      }),
    );
    await page.close({ runBeforeUnload: true });
    assert.equal(await prompted, 'beforeunload');
    page = await newPage(page.context());
  });

  test('editor defect: the API-key and webhook dialogs ask before Escape drops what was typed, not after (5)', async () => {
    const ask = page.getByRole('dialog', { name: 'Discard changes?' });

    // API key. Nothing typed: Escape closes at once.
    await page.goto(`${orgUrl}/settings/api-keys`);
    const createKey = page.getByRole('button', { name: 'Create API key' });
    const form = page.getByRole('dialog', { name: 'Create an API key' });
    const keyName = form.getByLabel('Name', { exact: true });
    await createKey.click();
    await form.waitFor();
    await page.keyboard.press('Escape');
    await form.waitFor({ state: 'detached' });
    assert.equal(await ask.count(), 0);

    // Typed: Escape asks; kept, the dialog and the text stay (Cancel asks the same way).
    await createKey.click();
    await keyName.fill('CRM sync');
    await page.keyboard.press('Escape');
    await ask.waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/editor-defects-discard-api-key.png` });
    await ask.getByRole('button', { name: 'Keep editing' }).click();
    await ask.waitFor({ state: 'detached' });
    assert.equal(await keyName.inputValue(), 'CRM sync');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await ask.getByRole('button', { name: 'Keep editing' }).click();
    await ask.waitFor({ state: 'detached' });
    assert.equal(await keyName.inputValue(), 'CRM sync');
    // Discarded, the dialog closes and the text is gone.
    await page.keyboard.press('Escape');
    await ask.getByRole('button', { name: 'Discard changes' }).click();
    await form.waitFor({ state: 'detached' });
    await createKey.click();
    assert.equal(await keyName.inputValue(), '');

    // Created: the show-once secret closes without a question, and nothing is left to lose.
    await keyName.fill('CRM sync');
    await form.getByRole('checkbox', { name: /^agents:read / }).check();
    await form.getByRole('button', { name: 'Create key' }).click();
    const keyShown = page.getByRole('dialog', { name: 'Your key "CRM sync"' });
    await keyShown.getByLabel('New API key').waitFor();
    await page.keyboard.press('Escape');
    await keyShown.waitFor({ state: 'detached' });
    assert.equal(await ask.count(), 0);
    await page.getByText('Never used').waitFor();

    // Webhook endpoint. Nothing changed: Escape closes at once.
    await page.goto(`${orgUrl}/settings/webhooks`);
    const addEndpoint = page.getByRole('button', { name: 'Add endpoint' });
    const endpoint = page.getByRole('dialog', { name: 'Add a webhook endpoint' });
    const started = endpoint.getByRole('checkbox', { name: /^call\.started / });
    await addEndpoint.click();
    await endpoint.waitFor();
    await page.keyboard.press('Escape');
    await endpoint.waitFor({ state: 'detached' });
    assert.equal(await ask.count(), 0);

    // An event ticked is a change too: asked, kept, then discarded.
    await addEndpoint.click();
    await started.check();
    await page.keyboard.press('Escape');
    await ask.getByRole('button', { name: 'Keep editing' }).click();
    await ask.waitFor({ state: 'detached' });
    assert.equal(await started.isChecked(), true);
    await page.keyboard.press('Escape');
    await ask.getByRole('button', { name: 'Discard changes' }).click();
    await endpoint.waitFor({ state: 'detached' });
    await addEndpoint.click();
    assert.equal(await started.isChecked(), false);

    // A URL typed: asked and kept, then saved; the signing secret closes without a question.
    await endpoint.getByLabel('URL').fill('http://127.0.0.1:9/defect-five');
    await page.keyboard.press('Escape');
    await ask.getByRole('button', { name: 'Keep editing' }).click();
    await ask.waitFor({ state: 'detached' });
    assert.equal(await endpoint.getByLabel('URL').inputValue(), 'http://127.0.0.1:9/defect-five');
    await endpoint.getByRole('button', { name: 'Add endpoint' }).click();
    const secretShown = page.getByRole('dialog', { name: 'Endpoint added' });
    await secretShown.getByLabel('Signing secret').waitFor();
    await page.keyboard.press('Escape');
    await secretShown.waitFor({ state: 'detached' });
    assert.equal(await ask.count(), 0);
    await page.getByText('http://127.0.0.1:9/defect-five').waitFor();
    // Nothing held: the sidebar leaves at once.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Agents' }).click();
    await page.waitForURL(`${orgUrl}/agents`);
    assert.equal(await ask.count(), 0);
  });

  test('editor defect: history shows what changed, when exactly, and warns before a restore empties fields (7)', async () => {
    const agent = await createAgent({
      name: 'History desk',
      systemPrompt: 'You are the receptionist.\nBe brief.\nNever guess prices.',
    });
    const changed = await page.request.put(`${e2e.platform.url}/api/v1/orgs/${orgId}/agents/${agent.id}`, {
      headers: { origin: e2e.platform.url },
      data: {
        ...agent.config,
        greeting: 'Hello from version 2',
        systemPrompt: 'You are the receptionist.\nBe brief and kind.\nNever guess prices.',
        maxDurationSeconds: 600,
      },
    });
    assert.equal(changed.status(), 200, await changed.text());

    // In another locale and time zone, as a customer in Berlin reads it.
    const context = await e2e.browser.newContext({
      storageState: await page.context().storageState(),
      locale: 'de-DE',
      timezoneId: 'Europe/Berlin',
    });
    const berlin = await newPage(context);
    await berlin.goto(`${orgUrl}/agents/${agent.id}`);
    const stamp = (await berlin.locator('li time').first().textContent()) ?? '';
    assert.match(stamp, /^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}:\d{2} (MEZ|MESZ)$/);

    await berlin.getByRole('button', { name: 'Changes in version 2' }).click();
    const changes = berlin.getByRole('dialog', { name: 'Version 2' });
    await changes.getByText('Changes from version 1:').waitFor();
    const labels = await changes.locator('dt').allTextContents();
    assert.deepEqual(labels, ['Greeting', 'System prompt', 'Maximum call length']);
    await changes.locator('del', { hasText: '15 min' }).waitFor();
    await changes.locator('ins', { hasText: '10 min' }).waitFor();
    const prompt = (await changes.locator('pre').textContent()) ?? '';
    assert.match(prompt, /− removed: Be brief\.\+ added: Be brief and kind\./);
    await berlin.screenshot({ path: `${SCREENSHOTS}/editor-defects-version-changes.png` });
    await berlin.keyboard.press('Escape');
    await changes.waitFor({ state: 'detached' });

    // Version 1 had no greeting: restoring it asks first, naming the field.
    await berlin.getByRole('button', { name: 'Restore version 1' }).click();
    const warning = berlin.getByRole('dialog', { name: 'Restore version 1?' });
    await warning.getByText(/empty that version 2 has filled: Greeting\./).waitFor();
    await berlin.screenshot({ path: `${SCREENSHOTS}/editor-defects-restore-warning.png` });
    await warning.getByRole('button', { name: 'Cancel' }).click();
    await berlin.getByRole('button', { name: 'Restore version 1' }).click();
    await warning.getByRole('button', { name: 'Restore and empty it' }).click();
    await berlin.getByText('Version 1 restored as version 3').waitFor();
    // The editor takes the restored version once it is fetched.
    await berlin.getByRole('button', { name: 'Save version 4' }).waitFor();
    assert.equal(await berlin.getByLabel('Greeting').inputValue(), '');
    await context.close();
  });
});
