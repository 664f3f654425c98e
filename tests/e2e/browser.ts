import { existsSync } from 'node:fs';
import sparticuzChromium from '@sparticuz/chromium';
import { type Browser, chromium, type Page } from 'playwright-core';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** Flags that keep a headless Chromium from reaching for the (closed) network. */
const QUIET_NETWORK = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/**
 * Flags of @sparticuz/chromium's defaults that would make the journeys kinder than a real browser (same-origin
 * policy off, mixed content allowed): the dashboard's origin checks and headers must be tested as users meet them.
 */
const UNREALISTIC = new Set(['--disable-web-security', '--allow-running-insecure-content']);

interface BrowserChoice {
  executablePath: string;
  args: string[];
  source: string;
}

/**
 * CHROMIUM_PATH when set, else Debian's Chromium when installed, else the Chromium shipped inside the
 * @sparticuz/chromium dev dependency (unpacked into the temp directory on first use), so `npm test` needs no
 * system package.
 */
async function chooseBrowser(): Promise<BrowserChoice> {
  const debianArgs = ['--no-sandbox', '--disable-gpu', ...QUIET_NETWORK];
  if (process.env.CHROMIUM_PATH) {
    return { executablePath: process.env.CHROMIUM_PATH, args: debianArgs, source: 'CHROMIUM_PATH' };
  }
  if (existsSync(DEBIAN_CHROMIUM)) {
    return { executablePath: DEBIAN_CHROMIUM, args: debianArgs, source: "Debian's chromium package" };
  }
  return {
    executablePath: await sparticuzChromium.executablePath(),
    args: [...sparticuzChromium.args.filter((arg) => !UNREALISTIC.has(arg)), ...QUIET_NETWORK],
    source: 'the @sparticuz/chromium dev dependency',
  };
}

/** A headless Chromium for the journeys; when none starts, one line says why and how to fix it. */
export async function launchBrowser(): Promise<Browser> {
  let choice: BrowserChoice | undefined;
  try {
    choice = await chooseBrowser();
    return await chromium.launch({
      executablePath: choice.executablePath,
      headless: true,
      args: choice.args,
    });
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    const tried = choice ? `${choice.executablePath} (${choice.source})` : '@sparticuz/chromium';
    const failure = new Error(
      `No browser for the journeys: ${tried} did not start: ${reason}. ` +
        'Run `npm install` again, or point CHROMIUM_PATH at a Chromium (e.g. `apt-get install chromium`).',
    );
    failure.stack = failure.message;
    throw failure;
  }
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
