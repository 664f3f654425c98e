import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { linkFromTerminal } from '../browser.ts';
import { e2e, newPage, SCREENSHOTS, signUp } from '../context.ts';

/** Whether two elements on screen overlap (a toast over a button, say). */
async function overlap(a: Locator, b: Locator): Promise<boolean> {
  const [x, y] = await Promise.all([a.boundingBox(), b.boundingBox()]);
  assert.ok(x && y, 'both elements are on screen');
  return x.x < y.x + y.width && y.x < x.x + x.width && x.y < y.y + y.height && y.y < x.y + x.height;
}

// Defects found walking through the dashboard (issue 12), each checked the way a customer met it.
describe('defects found in use stay fixed', { concurrency: false }, () => {
  let page: Page;
  let orgUrl: string;
  let orgId: string;
  let toolUrl: string;
  let agentId: string;

  test('defect: a builder with an organization', async () => {
    page = await newPage();
    await page.goto(`${e2e.platform.url}/sign-up`);
    await signUp(page, 'Dee Fects', 'dee@example.com');
    await page.getByRole('heading', { name: 'Verify your email' }).waitFor();
    await page.goto(
      await linkFromTerminal(e2e.platform.output, 'dee@example.com', 'Verify your email address'),
    );
    await page.getByLabel('Organization name').fill('Defects Co');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('heading', { name: 'Defects Co' }).waitFor();
    orgUrl = page.url();
    orgId = new URL(orgUrl).pathname.split('/')[2] ?? '';
  });

  test('defect: a broken HTTP function is refused on its field, linked to the input (2, 8)', async () => {
    await page.goto(`${orgUrl}/tools`);
    await page.getByRole('link', { name: 'Add tool' }).click();
    await page.getByRole('button', { name: 'Define functions by hand' }).click();
    await page.getByRole('heading', { name: 'My API' }).waitFor();
    toolUrl = page.url();

    await page.getByRole('button', { name: 'Add function' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('lookup_order');
    await dialog.getByLabel('Description').fill('Find an order by its number');
    await dialog.getByRole('button', { name: 'Add argument' }).click();
    await dialog.getByLabel('Argument name').fill('order_id');
    for (const url of ['ftp://shop.example.test/orders', 'shop.example.test/orders/{{order_id}}']) {
      await dialog.getByLabel('URL').fill(url);
      await dialog.getByRole('button', { name: 'Save function' }).click();
      const error = dialog.locator('#fn-url-error');
      await error.waitFor();
      assert.match((await error.textContent()) ?? '', /must start with http:\/\/ or https:\/\//);
      const input = dialog.getByLabel('URL');
      assert.equal(await input.getAttribute('aria-invalid'), 'true');
      assert.equal(await input.getAttribute('aria-describedby'), 'fn-url-error');
    }
    await dialog.getByLabel('URL').fill('https://shop.example.test/orders/{{secrets.key}}');
    await dialog.getByRole('button', { name: 'Save function' }).click();
    await dialog
      .locator('#fn-url-error')
      .getByText(/secrets are allowed only in headers/)
      .waitFor();
    await dialog.getByLabel('URL').fill('https://shop.example.test/{{customer}}/orders');
    await dialog.getByRole('button', { name: 'Save function' }).click();
    await dialog
      .locator('#fn-url-error')
      .getByText(/\{\{customer\}\}, which is not one of/)
      .waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/defects-broken-function.png`, fullPage: true });

    await dialog.getByLabel('URL').fill('https://shop.example.test/orders/{{order_id}}');
    await dialog.getByRole('button', { name: 'Save function' }).click();
    await page.getByText('Saved lookup_order').waitFor();
  });

  test('defect: removing a function names the agents that use it; their editor lets it be switched off (1, 4)', async () => {
    const toolId = new URL(toolUrl).pathname.split('/').at(-1) ?? '';
    const created = await page.request.post(`${e2e.platform.url}/api/v1/orgs/${orgId}/agents`, {
      headers: { origin: e2e.platform.url },
      data: { name: 'Order desk', tools: [{ toolId, functions: ['lookup_order'] }] },
    });
    assert.equal(created.status(), 201, await created.text());
    agentId = (await created.json()).id as string;

    await page.goto(toolUrl);
    await page.getByRole('button', { name: 'Remove lookup_order' }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByText('Used by Order desk').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/defects-remove-function.png` });
    await confirm.getByRole('button', { name: 'Remove function' }).click();
    await page.getByText('Function removed').waitFor();

    await page.goto(`${orgUrl}/agents/${agentId}`);
    const removed = page.getByLabel('My API: lookup_order (removed)');
    await removed.waitFor();
    // Switched off, the row goes away (the tool no longer offers it), so a click rather than uncheck().
    await removed.click();
    await removed.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Save version 2' }).click();
    const toast = page.locator('[data-sonner-toast]').filter({ hasText: 'Saved as version 2' });
    await toast.waitFor();
    // The toast must not cover the Save bar (it used to sit over it, bottom right).
    assert.equal(await overlap(toast, page.getByRole('button', { name: /^Save version/ })), false);
    await page.screenshot({ path: `${SCREENSHOTS}/defects-agent-saved.png` });
  });
  test('defect: deleting a secret asks first, saying what happens (6)', async () => {
    await page.goto(toolUrl);
    await page.getByLabel('Value').fill('sk-defects');
    await page.getByRole('button', { name: 'Add secret' }).click();
    await page.getByText('configured').waitFor();
    await page.getByRole('button', { name: 'Delete secret api_key' }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByText('requests that use it fail until it is set again').waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('configured').waitFor();
    await page.getByRole('button', { name: 'Delete secret api_key' }).click();
    await confirm.getByRole('button', { name: 'Delete secret' }).click();
    await page.getByText('Secret api_key deleted').waitFor();
  });

  test('defect: revoking an invitation and changing a role ask first; focus returns to what asked (6, 8)', async () => {
    await page.goto(`${orgUrl}/members`);
    await page.getByRole('button', { name: 'Invite member' }).click();
    const invite = page.getByRole('dialog');
    await invite.getByLabel('Email').fill('pending@example.com');
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('Invitation sent to pending@example.com').waitFor();
    // Focus went back to the button that opened the dialog.
    await page.getByRole('button', { name: 'Invite member' }).and(page.locator(':focus')).waitFor();

    await page.getByRole('button', { name: 'Revoke', exact: true }).click();
    const confirm = page.getByRole('dialog');
    await confirm.getByText('The link in their email stops working at once').waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('pending', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Revoke', exact: true }).click();
    await confirm.getByRole('button', { name: 'Revoke invitation' }).click();
    await page.getByText('Revoked the invitation for pending@example.com').waitFor();

    // Your own role: the question says you lose access; Cancel keeps it and focus is back on the select.
    const role = page.getByLabel('Role of Dee Fects');
    await role.focus();
    await role.selectOption('member');
    await confirm
      .getByText(
        /You will lose access at once \(\d+ permissions of yours\), including changing roles, so only another admin can give yours back/,
      )
      .waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/defects-own-role.png` });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    assert.equal(await role.inputValue(), 'org_admin');
    await role.and(page.locator(':focus')).waitFor();
  });

  test('defect: archiving an agent can be undone from its toast (6)', async () => {
    await page.goto(`${orgUrl}/agents`);
    await page.getByRole('link', { name: /Order desk/ }).click();
    await page.getByRole('heading', { name: /Order desk/ }).waitFor();
    await page.getByRole('button', { name: 'Archive', exact: true }).click();
    const toast = page.locator('[data-sonner-toast]').filter({ hasText: 'Agent archived' });
    await toast.getByText('New calls to it are refused until it is restored').waitFor();
    await toast.getByRole('button', { name: 'Undo' }).click();
    await page.getByText('Agent restored').waitFor();
    await page.getByRole('button', { name: 'Archive', exact: true }).waitFor();
  });

  test('defect: tabs follow the arrow keys; a skip link leads past the sidebar (8)', async () => {
    await page.goto(`${orgUrl}/agents`);
    await page.getByRole('heading', { name: 'Agents' }).waitFor();
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await skip.and(page.locator(':focus')).waitFor();
    await page.keyboard.press('Enter');
    await page.locator('main#main:focus').waitFor();

    const active = page.getByRole('tab', { name: 'Active' });
    await active.focus();
    await page.keyboard.press('ArrowRight');
    const archived = page.getByRole('tab', { name: 'Archived' });
    assert.equal(await archived.getAttribute('aria-selected'), 'true');
    await archived.and(page.locator(':focus')).waitFor();
    await page.getByText('No archived agents').waitFor();
    await page.keyboard.press('Home');
    assert.equal(await active.getAttribute('aria-selected'), 'true');
    await page.getByRole('tabpanel', { name: 'Active' }).getByText('Order desk').waitFor();
  });

  test('defect: Google Calendar cannot be added where Google is not configured, said in words (11)', async () => {
    // The platform runs without GOOGLE_CLIENT_ID (platform.ts).
    const refused = await page.request.post(`${e2e.platform.url}/api/v1/orgs/${orgId}/tools`, {
      headers: { origin: e2e.platform.url },
      data: { kind: 'google_calendar', name: 'Front desk calendar' },
    });
    assert.equal(refused.status(), 409);
    assert.equal((await refused.json()).error.code, 'GOOGLE_NOT_CONFIGURED');

    await page.goto(`${orgUrl}/tools/new`);
    const google = page
      .locator('section')
      .filter({ has: page.getByText('Google Calendar', { exact: true }) });
    // The settings' names only for a platform admin, who runs the installation (Dee is one when this journey
    // runs alone: the installation's first user); plain words for everyone else.
    const me = await page.request.get(`${e2e.platform.url}/api/v1/me`);
    if ((await me.json()).user.isPlatformAdmin) {
      await google.getByText(/sets GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET/).waitFor();
    } else {
      await google.getByText('Google Calendar is not set up on this installation yet').waitFor();
      assert.doesNotMatch((await google.textContent()) ?? '', /GOOGLE_CLIENT_ID/);
    }
    assert.equal(await google.getByRole('button', { name: 'Add Google Calendar' }).isDisabled(), true);
  });

  test('defect: an unknown or malformed call id says so with a way back; a From date after To is flagged (10)', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      await page.goto(`${orgUrl}/calls/${id}`);
      await page.getByText('Not found').waitFor();
      const shown = (await page.locator('main').textContent()) ?? '';
      assert.doesNotMatch(shown, /uuid|invalid|params/i);
      await page.getByRole('link', { name: 'Back to calls' }).waitFor();
    }
    await page.screenshot({ path: `${SCREENSHOTS}/defects-unknown-call.png` });
    await page.getByRole('link', { name: 'Back to calls' }).click();
    await page.getByLabel('From').fill('2026-12-10');
    await page.getByLabel('To', { exact: true }).fill('2026-12-01');
    await page.locator('#filter-to-error').getByText('Before the From date').waitFor();
    assert.equal(await page.getByLabel('To', { exact: true }).getAttribute('aria-invalid'), 'true');
  });

  test('defect: every page: at most 250 KB of JavaScript and no serious axe-core finding, light and dark (8 and Numbers)', async () => {
    const axe = await readFile(new URL('../../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
    const pages = [
      '',
      '/agents',
      `/agents/${agentId}`,
      '/tools',
      '/tools/new',
      `/tools/${new URL(toolUrl).pathname.split('/').at(-1)}`,
      '/calls',
      '/analytics',
      '/members',
      '/phone',
      '/billing',
      '/settings',
      '/settings/api-keys',
      '/settings/webhooks',
    ];
    const findings: string[] = [];
    const oversized: string[] = [];
    for (const path of pages) {
      const route = `/o/:orgId${path.replace(/[0-9a-f-]{36}/, ':id') || '/'}`;
      // A fresh context per page: a cold cache, as a first visit has.
      const context = await e2e.browser.newContext({ storageState: await page.context().storageState() });
      const visit = await newPage(context);
      const started = Date.now();
      await visit.goto(`${orgUrl}${path}`);
      await visit.locator('main h1').first().waitFor();
      const toContent = Date.now() - started;
      await visit.waitForLoadState('networkidle');
      // Every script the page loaded, lazily loaded chunks included: compressed bytes are the build's, the
      // same on every run (unlike the time to content, which is printed only).
      const js = await visit.evaluate(() =>
        // The root tsconfig has no DOM library: the fields of a PerformanceResourceTiming used here.
        (
          performance.getEntriesByType('resource') as unknown as {
            name: string;
            initiatorType: string;
            transferSize: number;
            decodedBodySize: number;
          }[]
        )
          .filter((entry) => entry.name.endsWith('.js') || entry.initiatorType === 'script')
          .reduce(
            (sum, entry) => ({ sent: sum.sent + entry.transferSize, raw: sum.raw + entry.decodedBodySize }),
            { sent: 0, raw: 0 },
          ),
      );
      const apiCalls = await visit.evaluate(
        () => performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/api/')).length,
      );
      await visit.addScriptTag({ content: axe });
      const serious: Record<string, string[]> = {};
      for (const colorScheme of ['light', 'dark'] as const) {
        // Dark mode follows the system: the same page, its colors recomputed. Buttons fade between colors
        // (transition-colors): axe reads them once the fades are over, not half-way.
        await visit.emulateMedia({ colorScheme });
        await visit.evaluate(() =>
          Promise.all(
            (
              globalThis as unknown as { document: { getAnimations: () => { finished: Promise<unknown> }[] } }
            ).document
              .getAnimations()
              .map((animation) => animation.finished),
          ),
        );
        const violations = await visit.evaluate(async () => {
          const result = await (
            globalThis as unknown as {
              axe: {
                run: () => Promise<{
                  violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
                }>;
              };
            }
          ).axe.run();
          return result.violations.map((v) => ({
            id: v.id,
            impact: v.impact,
            nodes: v.nodes.length,
            where: v.nodes.map((node) => node.target.join(' ')).join(' | '),
          }));
        });
        serious[colorScheme] = violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}×${v.nodes} (${v.where})`);
        findings.push(
          ...(serious[colorScheme] ?? []).map((finding) => `${route} ${colorScheme}: ${finding}`),
        );
      }
      console.log(
        `route ${route}: JS ${(js.sent / 1024).toFixed(0)} KB transferred (${(js.raw / 1024).toFixed(0)} KB uncompressed), content after ${toContent} ms, ${apiCalls} API requests; axe serious/critical: light ${serious.light?.join(', ') || 'none'}; dark ${serious.dark?.join(', ') || 'none'}`,
      );
      if (js.sent > 250 * 1024) oversized.push(`${route} ${(js.sent / 1024).toFixed(0)} KB`);
      await context.close();
    }
    console.log(`axe serious/critical findings in total: ${findings.length}`);
    assert.deepEqual(findings, [], 'no serious or critical axe-core finding on any page');
    assert.deepEqual(oversized, [], 'every route loads at most 250 KB of compressed JavaScript');
  });
});
