import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type FakeTwilio, startFakeTwilio } from '@switchboard/core/testing/fake-twilio';
import pg from 'pg';
import type { Page } from 'playwright-core';
import {
  type FakeLiveKitSip,
  startFakeLiveKitSip,
} from '../../../apps/worker/test/livekit/fake-livekit-sip.ts';
import { linkFromTerminal } from '../browser.ts';
import { e2e, newPage, SCREENSHOTS, signUp } from '../context.ts';
import { type RunningPlatform, startPlatform } from '../platform.ts';

// Self-contained (its own account and organization), so it also runs alone with --test-name-pattern.
// The shared platform has no voice (other journeys check that): there an admin sees what to set.
describe('Phone numbers', { concurrency: false }, () => {
  test('on an install without phone, the admin is told exactly what to set', async () => {
    const page = await newPage();
    await page.goto(`${e2e.platform.url}/sign-up`);
    await signUp(page, 'Pat Phone', 'pat@example.com');
    await page.getByRole('heading', { name: 'Verify your email' }).waitFor();
    await page.goto(
      await linkFromTerminal(e2e.platform.output, 'pat@example.com', 'Verify your email address'),
    );
    await page.getByLabel('Organization name').fill('Dial Co');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('heading', { name: 'Dial Co' }).waitFor();

    await page.getByRole('link', { name: 'Phone numbers' }).first().click();
    await page.getByRole('heading', { name: 'Phone numbers' }).waitFor();
    const notice = page.getByText('Phone calls are not configured on this installation');
    await notice.waitFor();
    const text = (await page.getByRole('status').filter({ hasText: 'LIVEKIT_SIP_URI' }).textContent()) ?? '';
    assert.match(text, /LIVEKIT_URL/);
    assert.match(text, /LIVEKIT_SIP_URI/);
    await page.screenshot({ path: `${SCREENSHOTS}/phone-not-configured.png` });
    await page.close();
  });
});

// Its own platform with voice and phone configured against the fakes (the shared one has no voice): LiveKit's
// SIP and dispatch APIs and Twilio's REST API are local stand-ins; the voice worker cannot reach a real
// LiveKit, so the call stays queued — what is checked is everything up to the dispatch.
describe('Phone numbers with Twilio', { concurrency: false }, () => {
  let platform: RunningPlatform;
  let twilio: FakeTwilio;
  let livekit: FakeLiveKitSip;
  let page: Page;

  before(async () => {
    [twilio, livekit] = await Promise.all([startFakeTwilio(), startFakeLiveKitSip()]);
    platform = await startPlatform({
      LIVEKIT_URL: livekit.url,
      LIVEKIT_API_KEY: livekit.apiKey,
      LIVEKIT_API_SECRET: livekit.apiSecret,
      LIVEKIT_SIP_URI: 'sip:e2e.sip.livekit.example',
      TWILIO_API_BASE: twilio.apiBase,
      GOOGLE_API_KEY: 'e2e-not-a-real-key',
    });
  });
  after(async () => {
    await page?.close();
    await platform?.stop();
    await Promise.all([twilio?.close(), livekit?.close()]);
  });

  test('connect Twilio, buy a number, assign it, place an outbound call and see it in Calls', async () => {
    page = await newPage();
    await page.goto(`${platform.url}/sign-up`);
    await signUp(page, 'Dana Dialer', 'dana@example.com');
    await page.getByRole('heading', { name: 'Verify your email' }).waitFor();
    await page.goto(await linkFromTerminal(platform.output, 'dana@example.com', 'Verify your email address'));
    await page.getByLabel('Organization name').fill('Ring Co');
    await page.getByRole('button', { name: 'Create organization' }).click();
    await page.getByRole('heading', { name: 'Ring Co' }).waitFor();
    const orgUrl = page.url();
    const orgId = orgUrl.split('/').at(-1) ?? '';
    const created = await page.request.post(`${platform.url}/api/v1/orgs/${orgId}/agents`, {
      headers: { origin: platform.url },
      data: { name: 'Receptionist' },
    });
    assert.equal(created.status(), 201, await created.text());
    const agentId = (await created.json()).id as string;

    await page.goto(`${orgUrl}/phone`);
    await page.getByLabel('Account SID').fill(twilio.accountSid);
    await page.getByLabel('Auth Token').fill(twilio.authToken);
    await page.getByRole('button', { name: 'Connect Twilio' }).click();
    await page.getByTestId('twilio-connection').getByText('ready').waitFor();

    await page.getByLabel('Area code (optional)').fill('628');
    await page.getByRole('button', { name: 'Search' }).click();
    const buy = page.getByRole('button', { name: /^Buy \+1628/ }).first();
    await buy.waitFor();
    const e164 = ((await buy.textContent()) ?? '').replace('Buy ', '');
    await buy.click();
    const row = page.getByTestId('phone-number-row').filter({ hasText: e164 });
    await row.getByText('ready').waitFor();
    await row.getByLabel(`Agent for ${e164}`).selectOption(agentId);
    // Saved, then the worker tier's sync (pending) has put the dispatch rule in place (ready).
    await page.getByText('Assignment saved').waitFor();
    await row.getByText('ready').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/phone-numbers.png`, fullPage: true });
    assert.equal(livekit.dispatchRules.size, 1);

    await page.goto(`${orgUrl}/agents/${agentId}`);
    await page.getByLabel('Number to call').fill('+14155550199');
    await page.getByLabel('Variables (optional)').fill('first_name=Grace');
    await page.getByRole('button', { name: 'Call', exact: true }).click();
    await page.getByText('Calling +14155550199').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/phone-outbound-call.png` });
    assert.equal(livekit.dispatches.length, 1);

    await page.goto(`${orgUrl}/calls`);
    await page.getByText('to +14155550199').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/phone-calls-list.png` });

    // An inbound call the worker refused (no LiveKit SIP here to ring the number), arranged the way the
    // worker leaves it: its page says which limit refused it.
    const db = new pg.Client({ connectionString: platform.ownerDatabaseUrl });
    await db.connect();
    let refusedId = '';
    try {
      const made = await db.query<{ id: string }>(
        `insert into calls (organization_id, agent_id, agent_version, channel, direction, status, room_name,
                            caller, from_number, to_number, phone_status, end_reason, refusal_reason,
                            started_at, ended_at, duration_seconds, finalized_at)
         select organization_id, id, current_version, 'phone', 'inbound', 'ended', 'call-in-refused-e2e',
                '+14155550142', '+14155550142', $2, 'answered', 'refused', 'CONCURRENT_CALL_LIMIT',
                now() - interval '5 seconds', now(), 5, now()
           from agents where id = $1
         returning id`,
        [agentId, e164],
      );
      refusedId = made.rows[0]?.id ?? '';
    } finally {
      await db.end();
    }
    await page.goto(`${orgUrl}/calls/${refusedId}`);
    await page.getByText('Too many calls at once (the concurrent-call limit)').waitFor();
    await page.screenshot({ path: `${SCREENSHOTS}/phone-refused-call.png` });
  });
});
