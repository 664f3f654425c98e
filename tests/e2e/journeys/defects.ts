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
    const agentId = (await created.json()).id as string;

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

  test('defect: every page: its JavaScript, time to content and axe-core findings (printed, 8 and Numbers)', async () => {
    const axe = await readFile(new URL('../../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
    const pages = [
      '',
      '/agents',
      '/tools',
      '/calls',
      '/analytics',
      '/members',
      '/phone',
      '/billing',
      '/settings',
    ];
    const findings: string[] = [];
    for (const path of pages) {
      // A fresh context per page: a cold cache, as a first visit has.
      const context = await e2e.browser.newContext({ storageState: await page.context().storageState() });
      const visit = await newPage(context);
      const started = Date.now();
      await visit.goto(`${orgUrl}${path}`);
      const heading = await visit
        .locator('main h1')
        .first()
        .waitFor()
        .then(() => true)
        .catch(() => false);
      const toContent = Date.now() - started;
      if (!heading) {
        await visit.screenshot({ path: `${SCREENSHOTS}/defects-no-heading${path.replace('/', '-')}.png` });
        console.log(`route /o/:orgId${path}: no heading after ${toContent} ms`);
        await context.close();
        continue;
      }
      await visit.waitForLoadState('networkidle');
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
            {
              sent: 0,
              raw: 0,
            },
          ),
      );
      const apiCalls = await visit.evaluate(
        () => performance.getEntriesByType('resource').filter((entry) => entry.name.includes('/api/')).length,
      );
      await visit.addScriptTag({ content: axe });
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
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      console.log(
        `route /o/:orgId${path || '/'}: JS ${(js.sent / 1024).toFixed(0)} KB transferred (${(js.raw / 1024).toFixed(0)} KB uncompressed), content after ${toContent} ms, ${apiCalls} API requests; axe serious/critical: ${serious.map((v) => `${v.id}×${v.nodes} (${v.where})`).join(', ') || 'none'}`,
      );
      findings.push(...serious.map((v) => `${path || '/'} ${v.id}`));
      await context.close();
    }
    console.log(`axe serious/critical findings in total: ${findings.length}`);
  });
});
