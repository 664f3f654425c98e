import { type Browser, chromium, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with everything that would reach for the (closed) network switched off. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Opens the newest email to `to` whose subject contains `subject` in the local mailbox, and follows its link. */
export async function followEmailLink(
  page: Page,
  baseUrl: string,
  to: string,
  subject: string,
): Promise<void> {
  await page.goto(`${baseUrl}/mailbox`);
  const message = page.getByRole('link').filter({ hasText: subject }).filter({ hasText: to }).first();
  await message.waitFor({ timeout: 30_000 });
  await message.click();
  const link = page.getByTestId('email-link').first();
  await link.waitFor();
  await link.click();
}
