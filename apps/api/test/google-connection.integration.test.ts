import { randomUUID } from 'node:crypto';
import type { JobRunner } from '@switchboard/core/jobs/run-jobs';
import { GOOGLE_CALLBACK_PATH } from '@switchboard/core/tools/google/google-settings';
import { type FakeGoogle, startFakeGoogle } from '@switchboard/tools/testing/fake-google';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createOrganization,
  createTestApp,
  PUBLIC_URL,
  request,
  signUp,
  startJobs,
  type TestApp,
  type TestUser,
} from './harness.ts';

let t: TestApp;
let google: FakeGoogle;
let jobs: JobRunner;
let admin: TestUser;
let orgId: string;
let toolId: string;

beforeAll(async () => {
  google = await startFakeGoogle();
  t = await createTestApp({
    google: {
      clientId: google.clientId,
      clientSecret: google.clientSecret,
      redirectUri: `${PUBLIC_URL}${GOOGLE_CALLBACK_PATH}`,
      endpoints: { rootUrl: google.rootUrl, tokenUrl: google.tokenUrl, revokeUrl: google.revokeUrl },
    },
  });
  jobs = await startJobs(t);
  admin = await signUp(t);
  orgId = await createOrganization(t, admin, 'Acme Dental');
  toolId = (
    await request(t, admin, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/tools`,
      payload: { kind: 'google_calendar', name: 'Front desk' },
    })
  ).json().id;
});
afterAll(async () => {
  await jobs.stop();
  await t.close();
  await google.close();
});

const toolUrl = () => `/api/v1/orgs/${orgId}/tools/${toolId}`;

async function consentUrl() {
  const response = await request(t, admin, { method: 'POST', url: `${toolUrl()}/google/connect` });
  expect(response.statusCode).toBe(200);
  return new URL(response.json().authorizationUrl);
}

describe('connecting Google to a Calendar tool', () => {
  it('sends the browser to Google for offline calendar access', async () => {
    const url = await consentUrl();
    expect(url.origin).toBe('https://accounts.google.com');
    expect(url.searchParams.get('client_id')).toBe(google.clientId);
    expect(url.searchParams.get('redirect_uri')).toBe(`${PUBLIC_URL}${GOOGLE_CALLBACK_PATH}`);
    expect(url.searchParams.get('access_type')).toBe('offline');
    expect(url.searchParams.get('scope')).toContain('https://www.googleapis.com/auth/calendar');
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(url.toString()).not.toContain(google.clientSecret);
  });

  it('stores the tokens sealed on the way back, and lists the account and its calendars', async () => {
    const state = (await consentUrl()).searchParams.get('state')!;
    google.codes.set('consent-code', 'refresh-token-1');
    const back = await request(t, admin, {
      method: 'GET',
      url: `${GOOGLE_CALLBACK_PATH}?state=${encodeURIComponent(state)}&code=consent-code`,
    });
    expect(back.statusCode).toBe(302);
    expect(back.headers.location).toBe(`${PUBLIC_URL}/o/${orgId}/tools/${toolId}?google=connected`);

    const tool = (await request(t, admin, { method: 'GET', url: toolUrl() })).json();
    expect(tool).toMatchObject({ status: 'ready', secrets: [{ name: 'google_oauth', configured: true }] });
    expect(tool.config.connection.email).toBe('owner@example.com');
    expect(tool.config.connection.calendars.length).toBeGreaterThan(0);
    expect(JSON.stringify(tool)).not.toContain('refresh-token-1');
  });

  it('refuses a forged or altered state, or one started by someone else', async () => {
    const forged = await request(t, admin, {
      method: 'GET',
      url: `${GOOGLE_CALLBACK_PATH}?state=v1.forged&code=x`,
    });
    expect(forged.statusCode).toBe(302);
    expect(decodeURIComponent(forged.headers.location as string)).toMatch(/not valid/);

    const state = (await consentUrl()).searchParams.get('state')!;
    // The state is signed, not sealed: its ids are readable, and changing one breaks the signature.
    const [payload, signature] = state.split('.') as [string, string];
    const otherTool = JSON.parse(Buffer.from(payload, 'base64url').toString());
    expect(otherTool).toMatchObject({ organizationId: orgId, toolId, userId: admin.id });
    otherTool.toolId = randomUUID();
    const altered = `${Buffer.from(JSON.stringify(otherTool)).toString('base64url')}.${signature}`;
    const redirected = await request(t, admin, {
      method: 'GET',
      url: `${GOOGLE_CALLBACK_PATH}?state=${encodeURIComponent(altered)}&code=x`,
    });
    expect(decodeURIComponent(redirected.headers.location as string)).toMatch(/not valid/);

    const intruder = await signUp(t);
    const stolen = await request(t, intruder, {
      method: 'GET',
      url: `${GOOGLE_CALLBACK_PATH}?state=${encodeURIComponent(state)}&code=another`,
    });
    expect(decodeURIComponent(stolen.headers.location as string)).toMatch(/started by someone else/);
  });

  it('disconnects at once and revokes the grant in the worker tier', async () => {
    const response = await request(t, admin, { method: 'POST', url: `${toolUrl()}/google/disconnect` });
    expect(response.json()).toMatchObject({ status: 'needs_connection' });
    expect(response.json().config.connection).toBeUndefined();
    await vi.waitFor(
      async () => {
        const secrets = (await request(t, admin, { method: 'GET', url: toolUrl() })).json().secrets;
        expect(secrets).toEqual([]);
      },
      { timeout: 15_000, interval: 100 },
    );
    expect(google.refreshTokens.has('refresh-token-1')).toBe(false);
  });
});
