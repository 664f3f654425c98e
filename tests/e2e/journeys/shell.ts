import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pg from 'pg';
import type { BrowserContext, Page, Request } from 'playwright-core';
import { linkFromMailbox, linkFromTerminal } from '../browser.ts';
import { e2e, newPage, PASSWORD, SCREENSHOTS, signUp } from '../context.ts';
import { type RunningPlatform, startPlatform } from '../platform.ts';

/** The API requests a page makes, by path, from now until `stop()`. */
function recordApiRequests(page: Page) {
  const paths: string[] = [];
  const onRequest = (request: Request) => {
    const { pathname } = new URL(request.url());
    if (pathname.startsWith('/api/')) paths.push(pathname);
  };
  page.on('request', onRequest);
  return { paths, stop: () => page.off('request', onRequest) };
}

/** Runs SQL as the platform's database owner, for arranging what a journey cannot create by hand. */
async function asOwner<T>(platform: RunningPlatform, fn: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: platform.ownerDatabaseUrl });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

/** A verified user with an organization, signed in on `page`; the organization's URL. */
async function ownerWithOrganization(page: Page, baseUrl: string, output: () => string, email: string) {
  await page.goto(`${baseUrl}/sign-up`);
  await signUp(page, 'Shelly Longname-Owner', email);
  await page.getByRole('heading', { name: 'Verify your email' }).waitFor();
  await page.goto(await linkFromTerminal(output, email, 'Verify your email address'));
  await page.getByLabel('Organization name').fill('Shell Works');
  await page.getByRole('button', { name: 'Create organization' }).click();
  await page.getByRole('heading', { name: 'Shell Works' }).waitFor();
  return page.url();
}

// The dashboard's frame (issue 12, defects 9, 12, 13 and 14), checked the way a customer meets it.
describe('shell: one request for the frame, members on a phone, verification, only what exists', {
  concurrency: false,
}, () => {
  let ownerContext: BrowserContext;
  let owner: Page;
  let orgUrl: string;
  let orgId: string;
  const ownerEmail = 'shelly.longname-owner@example.com';

  test('shell: a page asks for the shell once and `/` redirects on the server (13)', async () => {
    ownerContext = await e2e.browser.newContext();
    owner = await newPage(ownerContext);
    orgUrl = await ownerWithOrganization(owner, e2e.platform.url, e2e.platform.output, ownerEmail);
    orgId = new URL(orgUrl).pathname.split('/')[2] ?? '';

    // A fresh load of a page: everything it asks the API for before its content shows.
    const members = recordApiRequests(owner);
    await owner.goto(`${orgUrl}/members`);
    // In the page's content: the account menu shows the address too, and may render first or after.
    await owner.locator('#main').getByText(ownerEmail, { exact: true }).waitFor();
    members.stop();
    console.log(
      `[shell] /members: ${members.paths.length} API requests before content: ${members.paths.join(' ')}`,
    );
    const shellRequests = (paths: string[]) =>
      paths.filter(
        (path) => path === '/api/v1/me' || path === '/api/v1/config' || path === `/api/v1/orgs/${orgId}`,
      );
    assert.deepEqual(shellRequests(members.paths), ['/api/v1/me']);

    // Moving between pages asks for the shell no more.
    const moving = recordApiRequests(owner);
    await owner.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Agents' }).click();
    await owner.getByRole('heading', { name: 'Agents', level: 1 }).waitFor();
    moving.stop();
    assert.deepEqual(shellRequests(moving.paths), []);

    // `/` for a signed-in visitor: a redirect from the server to their organization, no page (no spinner)
    // in between, and the organization's page asks for the shell once.
    const home = recordApiRequests(owner);
    const response = await owner.goto(`${e2e.platform.url}/`);
    await owner.getByRole('heading', { name: 'Shell Works' }).waitFor();
    home.stop();
    console.log(`[shell] /: ${home.paths.length} API requests before content: ${home.paths.join(' ')}`);
    assert.equal(new URL(owner.url()).pathname, `/o/${orgId}`);
    const first = response?.request().redirectedFrom();
    assert.ok(first, '`/` answered with a redirect');
    assert.equal(new URL(first.url()).pathname, '/');
    assert.deepEqual(shellRequests(home.paths), ['/api/v1/me']);
    // The frame and the home page show the role's name from /me: no role catalog for that.
    assert.equal(home.paths.includes('/api/v1/roles'), false);
    await owner.screenshot({ path: `${SCREENSHOTS}/shell-home.png` });
  });

  test('shell: the members list is readable on a 390 px phone (9)', async () => {
    const phone = await newPage(ownerContext);
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(`${orgUrl}/members`);
    await phone.locator('main').getByText(ownerEmail, { exact: true }).waitFor();
    // Neither the address nor the name is cut short beside the role select and Remove.
    const cut = async (text: string) =>
      phone
        .locator('main li')
        .filter({ hasText: ownerEmail })
        .getByText(text)
        .first()
        .evaluate((element) => {
          // The root tsconfig has no DOM library: the two fields of an element used here.
          const box = element as unknown as { scrollWidth: number; clientWidth: number };
          return box.scrollWidth > box.clientWidth;
        });
    assert.equal(await cut(ownerEmail), false, 'the address is shown whole');
    assert.equal(await cut('Shelly Longname-Owner'), false, 'the name is shown whole');
    await phone.getByLabel('Role of Shelly Longname-Owner').waitFor();
    await phone.screenshot({ path: `${SCREENSHOTS}/shell-members-390.png`, fullPage: true });
    await phone.close();
  });

  test('shell: an unverified platform admin resends the verification and reaches the admin pages (12)', async () => {
    // The owner runs the installation (whether or not an earlier journey's user came first).
    await asOwner(e2e.platform, (db) =>
      db.query('update auth.users set is_platform_admin = true where email = $1', [ownerEmail]),
    );
    const unaEmail = 'una.verified@example.com';
    const una = await newPage(await e2e.browser.newContext());
    await una.goto(`${e2e.platform.url}/sign-up`);
    await signUp(una, 'Una Verified', unaEmail);
    await una.getByRole('heading', { name: 'Verify your email' }).waitFor();

    // Made platform admin before she ever verified.
    const users = await owner.request.get(`${e2e.platform.url}/api/v1/admin/users`);
    assert.equal(users.status(), 200, await users.text());
    const unaId = ((await users.json()).users as { id: string; email: string }[]).find(
      (user) => user.email === unaEmail,
    )?.id;
    assert.ok(unaId);
    const granted = await owner.request.patch(`${e2e.platform.url}/api/v1/admin/users/${unaId}`, {
      headers: { origin: e2e.platform.url },
      data: { isPlatformAdmin: true },
    });
    assert.equal(granted.status(), 200, await granted.text());

    // She heads for the admin pages: sign-in names what is missing and offers the email again.
    const mailboxCount = async () => {
      const mailbox = await owner.request.get(`${e2e.platform.url}/api/v1/dev/mailbox`);
      const { messages } = (await mailbox.json()) as { messages: { to: string; subject: string }[] };
      return messages.filter((message) => message.to === unaEmail && /Verify/.test(message.subject)).length;
    };
    const before = await mailboxCount();
    await una.goto(`${e2e.platform.url}/admin/users`);
    await una.getByLabel(/email/i).fill(unaEmail);
    await una.getByLabel('Password').fill(PASSWORD);
    await una.getByRole('button', { name: 'Sign in' }).click();
    await una.getByRole('heading', { name: 'Verify your email' }).waitFor();
    await una.getByRole('button', { name: 'Resend verification email' }).click();
    await una.getByRole('button', { name: 'Verification email sent' }).waitFor();
    await una.screenshot({ path: `${SCREENSHOTS}/shell-resend-verification.png` });
    for (let attempt = 0; (await mailboxCount()) <= before; attempt++) {
      assert.ok(attempt < 100, 'the new verification email reached the local mailbox');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    // The platform admin passes the new link on from the local mailbox; it verifies her and opens the page.
    await una.goto(await linkFromMailbox(owner, e2e.platform.url, unaEmail, 'Verify your email address'));
    await una.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    assert.equal(new URL(una.url()).pathname, '/admin/users');
    await una.locator('main').getByText(unaEmail).first().waitFor();
    await una.screenshot({ path: `${SCREENSHOTS}/shell-admin-after-verification.png` });
    await una.context().close();
  });

  test('shell: with metering off, no page mentions credits (14)', async () => {
    // A single-company installation: calls cost nothing, so credits exist nowhere in the product.
    const platform = await startPlatform({ BILLING_METERING: 'off' });
    const context = await e2e.browser.newContext();
    try {
      const page = await newPage(context);
      const url = await ownerWithOrganization(page, platform.url, platform.output, 'solo@example.com');
      const created = await page.request.post(
        `${platform.url}/api/v1/orgs/${new URL(url).pathname.split('/')[2]}/agents`,
        {
          headers: { origin: platform.url },
          data: { name: 'Front desk' },
        },
      );
      assert.equal(created.status(), 201, await created.text());
      const agentId = (await created.json()).id as string;
      // No voice on this installation: a finished call arranged the way the worker leaves it.
      const callId = await asOwner(platform, async (db) => {
        const made = await db.query<{ id: string }>(
          `insert into calls (organization_id, agent_id, agent_version, channel, status, room_name, started_at,
                              ended_at, duration_seconds, end_reason, cost_millicredits)
           select organization_id, id, current_version, 'web', 'ended', 'call-shell-e2e', now() - interval '5 minutes',
                  now() - interval '3 minutes', 120, 'caller_hung_up', 0
             from agents where id = $1
           returning id`,
          [agentId],
        );
        return made.rows[0]?.id ?? '';
      });

      const mentions = async (path: string, ready: () => Promise<void>) => {
        await page.goto(`${url}${path}`);
        await ready();
        return /credit/i.test((await page.locator('main').textContent()) ?? '');
      };
      assert.equal(
        await mentions('/calls', () => page.getByRole('link', { name: 'Front desk' }).waitFor()),
        false,
        'the Calls list has no Credits column',
      );
      await page.screenshot({ path: `${SCREENSHOTS}/shell-calls-no-credits.png` });
      assert.equal(
        await mentions(`/calls/${callId}`, () => page.getByText('Caller hung up').first().waitFor()),
        false,
        'a call shows no credits',
      );
      assert.equal(
        await mentions('/analytics', () => page.getByTestId('analytics').waitFor()),
        false,
        'analytics shows no credits',
      );
      assert.equal(
        await mentions('', () => page.getByRole('heading', { name: 'Shell Works' }).waitFor()),
        false,
        'the home page shows no credits',
      );
      await page.goto(`${url}/settings/webhooks`);
      await page.getByRole('button', { name: 'Add endpoint' }).click();
      await page.getByRole('dialog').getByText('call.ended').waitFor();
      assert.equal(await page.getByRole('dialog').getByText('credits.low').count(), 0);
    } finally {
      await context.close();
      await platform.stop();
    }
  });
});
