import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GoogleConnectionBrokenError } from '../../src/kinds/google-calendar/google-connection.ts';
import {
  exchangeGoogleCode,
  googleCalendarAuthorizationUrl,
  listGoogleCalendars,
  revokeGoogleToken,
} from '../../src/kinds/google-calendar/google-oauth.ts';
import { type FakeGoogle, startFakeGoogle } from '../../src/testing/fake-google.ts';

const REDIRECT = 'https://app.switchboard.test/api/integrations/google/callback';

let fake: FakeGoogle;

beforeEach(async () => {
  fake = await startFakeGoogle();
});

afterEach(async () => {
  await fake.close();
});

describe('googleCalendarAuthorizationUrl', () => {
  it('asks for offline calendar access with a fresh consent and carries the state', () => {
    const url = new URL(
      googleCalendarAuthorizationUrl({
        clientId: 'client-id',
        clientSecret: 'client-secret-value',
        redirectUri: REDIRECT,
        state: 'signed-state',
      }),
    );
    expect(`${url.origin}${url.pathname}`).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      access_type: 'offline',
      prompt: 'consent',
      scope: 'https://www.googleapis.com/auth/calendar',
      include_granted_scopes: 'true',
      state: 'signed-state',
      response_type: 'code',
      client_id: 'client-id',
      redirect_uri: REDIRECT,
    });
    expect(url.toString()).not.toContain('client-secret-value');
  });
});

describe('exchangeGoogleCode', () => {
  it('exchanges the code for tokens and names the account by its primary calendar', async () => {
    fake.codes.set('4/code', '1//granted');
    const result = await exchangeGoogleCode({
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      redirectUri: REDIRECT,
      code: '4/code',
      endpoints: { rootUrl: fake.rootUrl, tokenUrl: fake.tokenUrl },
    });
    expect(result).toEqual({
      accessToken: 'ya29.fresh-1',
      refreshToken: '1//granted',
      expiryDate: expect.any(Number),
      email: 'owner@example.com',
    });
    expect(fake.tokenRequests()[0]?.body).toEqual({
      grant_type: 'authorization_code',
      code: '4/code',
      redirect_uri: REDIRECT,
      client_id: fake.clientId,
      client_secret: fake.clientSecret,
    });
    expect(fake.apiRequests()[0]).toMatchObject({
      path: '/calendar/v3/calendars/primary',
      authorization: 'Bearer ya29.fresh-1',
    });
  });

  it('says the code was rejected when it is used twice', async () => {
    const exchange = () =>
      exchangeGoogleCode({
        clientId: fake.clientId,
        clientSecret: fake.clientSecret,
        redirectUri: REDIRECT,
        code: '4/used',
        endpoints: { rootUrl: fake.rootUrl, tokenUrl: fake.tokenUrl },
      });
    fake.codes.set('4/used', '1//granted');
    await exchange();
    await expect(exchange()).rejects.toThrow(
      'Google rejected the authorization code (invalid_grant); connect the calendar again.',
    );
  });
});

describe('revokeGoogleToken', () => {
  it('revokes the token, and a second revocation also succeeds', async () => {
    fake.refreshTokens.add('1//refresh');
    await revokeGoogleToken({ token: '1//refresh', endpoints: { revokeUrl: fake.revokeUrl } });
    expect(fake.refreshTokens.has('1//refresh')).toBe(false);
    expect(fake.requests[0]).toMatchObject({
      method: 'POST',
      path: '/revoke',
      query: { token: '1//refresh' },
    });
    await expect(
      revokeGoogleToken({ token: '1//refresh', endpoints: { revokeUrl: fake.revokeUrl } }),
    ).resolves.toBeUndefined();
  });
});

describe('listGoogleCalendars', () => {
  const oauth = () => ({ clientId: fake.clientId, clientSecret: fake.clientSecret });

  it('lists the calendars the account can write to', async () => {
    fake.accessTokens.add('ya29.valid');
    fake.calendars.push({ id: 'holidays', summary: 'Holidays', timeZone: 'UTC', accessRole: 'reader' });
    const calendars = await listGoogleCalendars({
      credentials: { accessToken: 'ya29.valid', refreshToken: '1//refresh' },
      oauth: oauth(),
      endpoints: { rootUrl: fake.rootUrl, tokenUrl: fake.tokenUrl },
    });
    expect(calendars).toEqual([
      { id: 'owner@example.com', summary: 'owner@example.com', primary: true, timeZone: 'America/New_York' },
      { id: 'team@group.calendar.google.com', summary: 'Team', primary: false, timeZone: 'Europe/Berlin' },
    ]);
    expect(fake.apiRequests()[0]).toMatchObject({
      method: 'GET',
      path: '/calendar/v3/users/me/calendarList',
      query: { minAccessRole: 'writer' },
    });
  });

  it('refreshes an expired token and reports a revoked one as a broken connection', async () => {
    fake.refreshTokens.add('1//refresh');
    const persisted: string[] = [];
    await listGoogleCalendars({
      credentials: { accessToken: 'ya29.expired', refreshToken: '1//refresh', expiryDate: 1 },
      oauth: oauth(),
      endpoints: { rootUrl: fake.rootUrl, tokenUrl: fake.tokenUrl },
      onTokens: async (tokens) => {
        persisted.push(tokens.accessToken ?? '');
      },
    });
    expect(persisted).toEqual(['ya29.fresh-1']);

    fake.refreshTokens.clear();
    await expect(
      listGoogleCalendars({
        credentials: { refreshToken: '1//refresh' },
        oauth: oauth(),
        endpoints: { rootUrl: fake.rootUrl, tokenUrl: fake.tokenUrl },
      }),
    ).rejects.toBeInstanceOf(GoogleConnectionBrokenError);
  });
});
