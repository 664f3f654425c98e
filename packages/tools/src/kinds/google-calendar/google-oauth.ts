import {
  calendarClient,
  connectGoogle,
  createOAuth2Client,
  type GoogleCredentials,
  type GoogleEndpoints,
  type GoogleOAuthClient,
  type OAuthTokens,
  toToolCallError,
} from './google-connection.ts';

export const GOOGLE_CALENDAR_SCOPE = 'https://www.googleapis.com/auth/calendar';

/** Where the dashboard sends an administrator to connect a calendar; `state` comes back to the callback. */
export function googleCalendarAuthorizationUrl(options: {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  state: string;
}): string {
  const client = createOAuth2Client(options);
  return client.generateAuthUrl({
    // offline + consent: Google only returns a refresh token on a consented offline grant.
    access_type: 'offline',
    prompt: 'consent',
    scope: [GOOGLE_CALENDAR_SCOPE],
    include_granted_scopes: true,
    state: options.state,
  });
}

/**
 * Exchanges the callback's code for tokens. `email` is the id of the account's primary calendar, which
 * Google sets to the account's address; it is left out when that lookup fails.
 */
export async function exchangeGoogleCode(options: {
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  code: string;
  endpoints?: GoogleEndpoints;
}): Promise<{ accessToken: string; refreshToken: string; expiryDate?: number; email?: string }> {
  const client = createOAuth2Client(options, options.endpoints);
  const secrets = [options.clientSecret, options.code];
  let tokens: OAuthTokens;
  try {
    ({ tokens } = await client.getToken(options.code));
  } catch (error) {
    const grantError = (error as { response?: { data?: { error?: unknown } } }).response?.data?.error;
    if (typeof grantError === 'string') {
      // Codes are single-use and short-lived; the administrator has to go through the consent screen again.
      throw new Error(`Google rejected the authorization code (${grantError}); connect the calendar again.`);
    }
    throw new Error(toToolCallError(error, secrets).message);
  }
  if (!tokens.access_token || !tokens.refresh_token) {
    // Happens when the consent screen was skipped; prompt=consent should prevent it.
    throw new Error('Google did not return a refresh token; connect the calendar again and grant access.');
  }
  client.setCredentials(tokens);
  let email: string | undefined;
  try {
    const calendar = calendarClient(client, options.endpoints);
    const { data } = await calendar.calendars.get({ calendarId: 'primary' });
    if (data.id?.includes('@')) email = data.id;
  } catch {
    // The email is a label for the dashboard; the connection works without it.
  }
  return {
    accessToken: tokens.access_token,
    refreshToken: tokens.refresh_token,
    ...(tokens.expiry_date ? { expiryDate: tokens.expiry_date } : {}),
    ...(email ? { email } : {}),
  };
}

/**
 * Revokes a refresh or access token (disconnecting a tool). A token Google already considers invalid
 * counts as revoked, so disconnecting twice succeeds.
 */
export async function revokeGoogleToken(options: {
  token: string;
  endpoints?: GoogleEndpoints;
}): Promise<void> {
  const client = createOAuth2Client({ clientId: '', clientSecret: '' }, options.endpoints);
  try {
    await client.revokeToken(options.token);
  } catch (error) {
    const response = (error as { response?: { status?: number; data?: { error?: unknown } } }).response;
    if (response?.status === 400 && response.data?.error === 'invalid_token') return;
    throw new Error(toToolCallError(error, [options.token]).message);
  }
}

export interface GoogleCalendarSummary {
  id: string;
  summary: string;
  primary: boolean;
  timeZone: string | null;
}

/** The calendars the connected account can write to, for the dashboard's calendar picker. */
export async function listGoogleCalendars(options: {
  credentials: GoogleCredentials;
  oauth: GoogleOAuthClient;
  endpoints?: GoogleEndpoints;
  onTokens?: (tokens: GoogleCredentials) => Promise<void>;
  signal?: AbortSignal;
}): Promise<GoogleCalendarSummary[]> {
  const { calendar, run } = connectGoogle(options);
  const signal = options.signal ?? new AbortController().signal;
  const calendars: GoogleCalendarSummary[] = [];
  let pageToken: string | undefined;
  // Ten pages of 250 is far beyond any real account; the bound only guards against a looping server.
  for (let page = 0; page < 10; page++) {
    const { data } = await run(signal, (o) =>
      calendar.calendarList.list(
        { minAccessRole: 'writer', maxResults: 250, ...(pageToken ? { pageToken } : {}) },
        o,
      ),
    );
    for (const item of data.items ?? []) {
      if (!item.id) continue;
      calendars.push({
        id: item.id,
        summary: item.summaryOverride ?? item.summary ?? item.id,
        primary: item.primary === true,
        timeZone: item.timeZone ?? null,
      });
    }
    pageToken = data.nextPageToken ?? undefined;
    if (!pageToken) break;
  }
  return calendars;
}
