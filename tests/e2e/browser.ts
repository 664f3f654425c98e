import { existsSync } from 'node:fs';
import sparticuzChromium from '@sparticuz/chromium';
import { type Browser, chromium, type Page } from 'playwright-core';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * The same flags for every Chromium: headless without sandbox or GPU, and nothing that reaches for the (closed)
 * network. @sparticuz/chromium's own serverless flags are not used: they switch off the same-origin policy (the
 * journeys must meet the dashboard's origin checks and headers as users do) and run in one process, where
 * screenshots hang once a second browser context is open.
 */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

interface BrowserChoice {
  executablePath: string;
  source: string;
}

/**
 * CHROMIUM_PATH when set, else Debian's Chromium when installed, else the Chromium shipped inside the
 * @sparticuz/chromium dev dependency (unpacked into the temp directory on first use), so `npm test` needs no
 * system package.
 */
async function chooseBrowser(): Promise<BrowserChoice> {
  if (process.env.CHROMIUM_PATH)
    return { executablePath: process.env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' };
  if (existsSync(DEBIAN_CHROMIUM)) {
    return { executablePath: DEBIAN_CHROMIUM, source: "Debian's chromium package" };
  }
  return {
    executablePath: await sparticuzChromium.executablePath(),
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
      args: FLAGS,
      // Chromium takes its language from LANG; the C locale of a container makes it `en-US@posix`, which no
      // person's browser reports and which Intl refuses (uPlot, the Analytics charts, formats with it).
      env: { ...process.env, LANG: 'en_US.UTF-8' },
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

/**
 * The link of the newest email to `to` whose subject contains `subject`, as a platform admin finds it: in the
 * local mailbox page of their own signed-in browser. They pass it on to its owner.
 */
export async function linkFromMailbox(
  adminPage: Page,
  baseUrl: string,
  to: string,
  subject: string,
): Promise<string> {
  await adminPage.goto(`${baseUrl}/mailbox`);
  const message = adminPage.getByRole('link').filter({ hasText: subject }).filter({ hasText: to }).first();
  await message.waitFor({ timeout: 30_000 });
  await message.click();
  const link = adminPage.getByTestId('email-link').first();
  await link.waitFor();
  const href = await link.getAttribute('href');
  if (!href) throw new Error(`the email "${subject}" to ${to} has no link`);
  return href;
}

const TERMINAL_POLL_MS = 200;
const TERMINAL_TIMEOUT_MS = 30_000;

/**
 * The link of the newest email to `to` whose subject contains `subject` printed after `since` (a length of
 * `output()`), as the operator finds it: in the terminal, where the job runner prints every email with its
 * links while no email service is configured.
 */
export async function linkFromTerminal(
  output: () => string,
  to: string,
  subject: string,
  since = 0,
): Promise<string> {
  const deadline = Date.now() + TERMINAL_TIMEOUT_MS;
  for (;;) {
    const lines = output().slice(since).split('\n');
    const header = lines.findLastIndex((line) => line.includes(`email to ${to}: `) && line.includes(subject));
    const link = header === -1 ? undefined : lines[header + 1]?.match(/https?:\/\/\S+/)?.[0];
    if (link) return link;
    if (Date.now() > deadline) throw new Error(`no email "${subject}" to ${to} was printed`);
    await new Promise((resolve) => setTimeout(resolve, TERMINAL_POLL_MS));
  }
}
