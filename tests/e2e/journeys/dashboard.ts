import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { linkFromTerminal } from '../browser.ts';
import { e2e, newPage, SCREENSHOTS, signUp } from '../context.ts';

const TICKED = '[aria-label="Setup checklist"] li[data-done="true"]';

/** The steps of the home page's checklist that are ticked, by their key. */
async function ticked(page: Page): Promise<string[]> {
  const steps = await page.locator(TICKED).all();
  return Promise.all(steps.map(async (step) => (await step.getAttribute('data-step')) ?? ''));
}

/** Waits until the tab's title is `title` (set once the organization's name has arrived). */
async function titleBecomes(page: Page, title: string): Promise<void> {
  // Polled from here: a string predicate is evaluated in the page, which its CSP (no unsafe-eval) refuses.
  for (let attempt = 0; attempt < 100 && (await page.title()) !== title; attempt++) {
    await page.waitForTimeout(100);
  }
  assert.equal(await page.title(), title);
}

describe('a new customer lands, starts from a template and sees the checklist tick', {
  concurrency: false,
}, () => {
  let page: Page;
  let orgUrl: string;

  test('a signed-out visitor gets the landing page, in light and dark', async () => {
    page = await newPage();
    await page.goto(e2e.platform.url);
    await page.getByRole('heading', { name: 'AI voice agents that answer your calls' }).waitFor();
    assert.match(await page.title(), /Switchboard/);
    const icon = await page.locator('link[rel="icon"]').first().getAttribute('href');
    assert.match(icon ?? '', /icon/);
    await page.screenshot({ path: `${SCREENSHOTS}/landing-light.png`, fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({
      path: `${SCREENSHOTS}/landing-dark.png`,
      fullPage: true,
      animations: 'disabled',
    });
    await page.emulateMedia({ colorScheme: 'light' });
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByRole('button', { name: 'Create account' }).waitFor();
  });

  test('after sign-up the organization home shows an unticked checklist', async () => {
    await signUp(page, 'Dana Dash', 'dana@example.com');
    await page.getByRole('heading', { name: 'Verify your email' }).waitFor();
    await page.goto(
      await linkFromTerminal(e2e.platform.output, 'dana@example.com', 'Verify your email address'),
    );
    await page.getByLabel('Organization name').fill('Dash Co');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('heading', { name: 'Dash Co' }).waitFor();
    orgUrl = page.url();
    await page.getByRole('list', { name: 'Setup checklist' }).waitFor();
    assert.deepEqual(await ticked(page), []);
    // Titles name the page and the organization once it is known.
    await titleBecomes(page, 'Overview · Dash Co · Switchboard');
  });

  test('an agent from the customer-support template comes with its call-control tool', async () => {
    await page.goto(`${orgUrl}/agents`);
    await titleBecomes(page, 'Agents · Dash Co · Switchboard');
    await page.getByRole('button', { name: 'New agent' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: /Customer support with hand-off/ }).check();
    await dialog.getByLabel('Name', { exact: true }).fill('Helpdesk');
    await page.screenshot({ path: `${SCREENSHOTS}/new-agent-templates.png`, fullPage: true });
    await dialog.getByRole('button', { name: 'Create agent' }).click();
    await dialog.getByText(/Created “Call control”\. Set a transfer number/).waitFor();
    await dialog.getByRole('button', { name: 'Open “Helpdesk”' }).click();
    await page.getByRole('heading', { name: /Helpdesk/ }).waitFor();
    // The model and voice are choices from the catalog, with the voice's language.
    const voice = page.locator('select#voice');
    assert.equal(await voice.inputValue(), 'Puck');
    assert.ok((await voice.locator('option').count()) > 10);
  });

  test('the home page ticks the agent and the tool, in light and dark', async () => {
    await page.goto(orgUrl);
    await page.getByRole('list', { name: 'Setup checklist' }).waitFor();
    await page.locator(TICKED).nth(1).waitFor();
    assert.deepEqual(await ticked(page), ['create_agent', 'add_tool']);
    await page.getByText('No calls yet.').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/home-light.png`, fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: `${SCREENSHOTS}/home-dark.png`, fullPage: true, animations: 'disabled' });
    await page.goto(`${orgUrl}/agents`);
    await page.getByRole('link', { name: /Helpdesk/ }).click();
    await page.getByRole('heading', { name: /Helpdesk/ }).waitFor();
    await page.screenshot({
      path: `${SCREENSHOTS}/agent-editor-dark.png`,
      fullPage: true,
      animations: 'disabled',
    });
    await page.emulateMedia({ colorScheme: 'light' });
  });
});
