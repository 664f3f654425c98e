import type { FakeStripe } from '@switchboard/core/testing/fake-stripe';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningPlatform } from './platform.ts';

/**
 * The one platform (in Stripe mode, against the fake Stripe) and browser every journey shares; set up by
 * journeys.e2e.ts before any test runs.
 */
export const e2e = {} as { platform: RunningPlatform; browser: Browser; stripe: FakeStripe };

export const SCREENSHOTS = 'test-results/e2e';
export const PASSWORD = 'correct horse battery';

/**
 * Everything the browser blocked under the dashboard's Content-Security-Policy, on any page of any journey:
 * the last journey checks that it stayed empty (a blocked Next.js script would leave a page dead).
 */
export const cspViolations: string[] = [];

export async function newPage(context?: BrowserContext): Promise<Page> {
  const page = await (context ?? (await e2e.browser.newContext())).newPage();
  page.setDefaultTimeout(20_000);
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text()))
      cspViolations.push(`${page.url()}: ${message.text()}`);
  });
  return page;
}

export async function signUp(page: Page, name: string, email: string) {
  await page.getByLabel('Name').fill(name);
  await page.getByLabel(/email/i).fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
}
