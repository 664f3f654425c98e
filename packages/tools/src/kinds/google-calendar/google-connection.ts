// The calendar module of the official `googleapis` package, not its index: the index loads the clients of all
// its ~300 APIs, 58 MB of heap and a second of start-up in every API and worker process (docs/performance.md).
import {
  type calendar_v3,
  auth as googleAuth,
  calendar as googleCalendar,
} from 'googleapis/build/src/apis/calendar/index.js';
import { ToolCallError } from '../../tool-function.ts';

/** A connected Google account's tokens, as Switchboard stores them (encrypted) for a tool. */
export interface GoogleCredentials {
  accessToken?: string;
  refreshToken: string;
  /** Epoch milliseconds when the access token expires. */
  expiryDate?: number;
}

/** Switchboard's OAuth client registered with Google. */
export interface GoogleOAuthClient {
  clientId: string;
  clientSecret: string;
  redirectUri?: string;
}

/** Where the SDK sends requests; production leaves them unset, tests point them at a fake. */
export interface GoogleEndpoints {
  /** Root of the Google APIs, e.g. `https://www.googleapis.com/`. */
  rootUrl?: string;
  /** OAuth token endpoint, e.g. `https://oauth2.googleapis.com/token`. */
  tokenUrl?: string;
  /** OAuth revocation endpoint, e.g. `https://oauth2.googleapis.com/revoke`. */
  revokeUrl?: string;
}

export const BROKEN_CONNECTION_MESSAGE =
  'The Google Calendar connection has expired; an administrator must reconnect it in Switchboard.';

/**
 * Google no longer accepts the refresh token (expired, revoked, or the account's password changed). The
 * caller marks the tool broken; the model hears the message and tells the caller it cannot book now.
 */
export class GoogleConnectionBrokenError extends ToolCallError {
  override name = 'GoogleConnectionBrokenError';
  constructor(message = BROKEN_CONNECTION_MESSAGE) {
    super(message);
  }
}

export type { calendar_v3 };
export type OAuth2Client = InstanceType<typeof googleAuth.OAuth2>;
/** Tokens as Google's OAuth client holds them. */
export type OAuthTokens = Parameters<OAuth2Client['setCredentials']>[0];

export function createOAuth2Client(oauth: GoogleOAuthClient, endpoints?: GoogleEndpoints): OAuth2Client {
  return new googleAuth.OAuth2({
    clientId: oauth.clientId,
    clientSecret: oauth.clientSecret,
    ...(oauth.redirectUri ? { redirectUri: oauth.redirectUri } : {}),
    endpoints: {
      ...(endpoints?.tokenUrl ? { oauth2TokenUrl: endpoints.tokenUrl } : {}),
      ...(endpoints?.revokeUrl ? { oauth2RevokeUrl: endpoints.revokeUrl } : {}),
    },
    // Without this the library retries a 401 only when it does not know the expiry; a token revoked or
    // rotated elsewhere must also be refreshed once and the request retried.
    forceRefreshOnFailure: true,
  });
}

/** Google Calendar's client, signed in with `auth`. */
export function calendarClient(auth: OAuth2Client, endpoints?: GoogleEndpoints): calendar_v3.Calendar {
  return googleCalendar({
    version: 'v3',
    auth,
    ...(endpoints?.rootUrl ? { rootUrl: endpoints.rootUrl } : {}),
  });
}

export interface GoogleConnection {
  calendar: calendar_v3.Calendar;
  /**
   * Runs SDK calls with the signal, maps failures to ToolCallErrors the model can read, and waits for
   * refreshed tokens to be persisted before answering.
   */
  run<T>(signal: AbortSignal, operation: (options: { signal: AbortSignal }) => Promise<T>): Promise<T>;
}

/** Extra context for turning a Google failure into a sentence: what a 404 means for this operation. */
export interface FailureContext {
  notFound?: string;
  gone?: string;
}

export function connectGoogle(options: {
  credentials: GoogleCredentials;
  oauth: GoogleOAuthClient;
  endpoints?: GoogleEndpoints;
  onTokens?: (tokens: GoogleCredentials) => Promise<void>;
}): GoogleConnection & { failure(error: unknown, context?: FailureContext): ToolCallError } {
  const { credentials, oauth, endpoints, onTokens } = options;
  const auth = createOAuth2Client(oauth, endpoints);
  auth.setCredentials({
    refresh_token: credentials.refreshToken,
    ...(credentials.accessToken ? { access_token: credentials.accessToken } : {}),
    ...(credentials.expiryDate !== undefined ? { expiry_date: credentials.expiryDate } : {}),
  });
  const secrets = [credentials.refreshToken, credentials.accessToken, oauth.clientSecret];

  const persisting: Promise<void>[] = [];
  auth.on('tokens', (tokens: OAuthTokens) => {
    if (tokens.access_token) secrets.push(tokens.access_token);
    if (!onTokens || !tokens.access_token) return;
    // Google rarely sends a new refresh token on refresh; hand over the complete set to store.
    const fresh: GoogleCredentials = {
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token ?? credentials.refreshToken,
      ...(tokens.expiry_date ? { expiryDate: tokens.expiry_date } : {}),
    };
    persisting.push(
      new Promise<void>((resolve) => resolve(onTokens(fresh))).catch((error: unknown) => {
        // The calendar call itself goes on; failing it would make the model retry a booking. Google keeps
        // accepting the old refresh token, so the next call simply refreshes again.
        const reason = error instanceof Error ? error.message : 'unknown error';
        console.error(`Could not persist refreshed Google tokens: ${redact(reason, secrets)}`);
      }),
    );
  });

  const calendar = calendarClient(auth, endpoints);

  const failure = (error: unknown, context?: FailureContext) => toToolCallError(error, secrets, context);

  async function flushPersisting(): Promise<void> {
    await Promise.all(persisting.splice(0));
  }

  async function run<T>(
    signal: AbortSignal,
    operation: (o: { signal: AbortSignal }) => Promise<T>,
  ): Promise<T> {
    if (signal.aborted) throw abortReason(signal);
    try {
      return await abortable(operation({ signal }), signal);
    } catch (error) {
      if (signal.aborted) throw abortReason(signal);
      throw failure(error);
    } finally {
      await flushPersisting();
    }
  }

  return { calendar, run, failure };
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
}

/** Settles with the promise, or rejects as soon as the signal aborts (a token refresh carries no signal). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortReason(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function redact(text: string, secrets: (string | undefined)[]): string {
  let result = text;
  for (const secret of secrets)
    if (secret && secret.length >= 6) result = result.split(secret).join('[redacted]');
  // Anything still shaped like a bearer token or an OAuth token must not reach the model.
  return result.replace(/\bBearer\s+\S+/gi, 'Bearer [redacted]').replace(/\bya29\.[\w.-]+/g, '[redacted]');
}

interface HttpFailure {
  status: number;
  data: unknown;
}

/** Gaxios errors carry the response; duck-typed so a second copy of gaxios cannot defeat `instanceof`. */
function httpFailure(error: unknown): HttpFailure | undefined {
  if (typeof error !== 'object' || error === null || !('response' in error)) return undefined;
  const response = (error as { response?: { status?: unknown; data?: unknown } }).response;
  if (!response || typeof response.status !== 'number') return undefined;
  return { status: response.status, data: response.data };
}

/** Google's API error envelope: `{ "error": { "code", "message", "errors": [{ "reason" }], "status" } }`. */
function apiError(data: unknown): { message?: string; reason?: string } {
  if (typeof data !== 'object' || data === null) return {};
  const error = (data as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return {};
  const { message, errors } = error as { message?: unknown; errors?: unknown };
  const first = Array.isArray(errors) ? (errors[0] as { reason?: unknown } | undefined) : undefined;
  return {
    ...(typeof message === 'string' ? { message } : {}),
    ...(typeof first?.reason === 'string' ? { reason: first.reason } : {}),
  };
}

/** The OAuth token endpoint's error: `{ "error": "invalid_grant", "error_description": "…" }`. */
function oauthError(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const error = (data as { error?: unknown }).error;
  return typeof error === 'string' ? error : undefined;
}

export function toToolCallError(
  error: unknown,
  secrets: (string | undefined)[],
  context: FailureContext = {},
): ToolCallError {
  if (error instanceof ToolCallError) return error;
  const failed = httpFailure(error);
  if (!failed) {
    const code =
      typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
    return new ToolCallError(
      `Could not reach Google Calendar${code ? ` (${redact(code, secrets)})` : ''}; try again in a moment.`,
    );
  }
  const grant = oauthError(failed.data);
  if (grant === 'invalid_grant') return new GoogleConnectionBrokenError();
  if (grant) {
    // invalid_client and friends: Switchboard's OAuth client itself is misconfigured.
    return new ToolCallError(
      `Google refused Switchboard's sign-in to Google Calendar (${redact(grant, secrets)}); an administrator must check the Google connection.`,
    );
  }
  const { message, reason } = apiError(failed.data);
  const said = message ? `: ${redact(message, secrets).slice(0, 300)}` : '';
  if (failed.status === 404 && context.notFound) return new ToolCallError(context.notFound);
  if (failed.status === 410 && context.gone) return new ToolCallError(context.gone);
  if (failed.status === 401) return new GoogleConnectionBrokenError();
  if (failed.status === 429 || reason === 'rateLimitExceeded' || reason === 'userRateLimitExceeded') {
    return new ToolCallError('Google Calendar is receiving too many requests; try again in a moment.');
  }
  if (failed.status >= 500) {
    return new ToolCallError(
      `Google Calendar is unavailable right now (${failed.status}); try again shortly.`,
    );
  }
  return new ToolCallError(`Google Calendar refused the request (${failed.status})${said}.`);
}
