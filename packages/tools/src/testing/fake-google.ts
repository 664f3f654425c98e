import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the fake received it. */
export interface ReceivedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  /** Parsed JSON body, or the form fields of a token request. */
  body: unknown;
}

export interface FakeEvent {
  id: string;
  calendarId: string;
  summary?: string;
  description?: string;
  status: 'confirmed' | 'cancelled';
  start: { dateTime: string; timeZone?: string };
  end: { dateTime: string; timeZone?: string };
  attendees?: { email: string }[];
}

export interface FakeCalendar {
  id: string;
  summary: string;
  primary?: boolean;
  timeZone: string;
  accessRole: 'owner' | 'writer' | 'reader';
}

/**
 * A stand-in for Google: Calendar API v3 and the OAuth 2.0 token and revocation endpoints, speaking their
 * wire formats (JSON error envelope, form-encoded token requests), with events kept in memory.
 */
export interface FakeGoogle {
  /** Root for `google.calendar({ rootUrl })`. */
  rootUrl: string;
  tokenUrl: string;
  revokeUrl: string;
  clientId: string;
  clientSecret: string;
  requests: ReceivedRequest[];
  events: Map<string, FakeEvent>;
  calendars: FakeCalendar[];
  /** Access tokens the API accepts. */
  accessTokens: Set<string>;
  /** Refresh tokens the token endpoint accepts. */
  refreshTokens: Set<string>;
  /** Authorization codes and the refresh token each grants. */
  codes: Map<string, string>;
  /** Requests whose path matches are never answered; `abortedRequests` counts those the client dropped. */
  hang: RegExp | undefined;
  abortedRequests: number;
  addEvent(
    event: Omit<FakeEvent, 'id' | 'status' | 'calendarId'> & { id?: string; calendarId?: string },
  ): FakeEvent;
  /** Requests to the Calendar API (not the token endpoint). */
  apiRequests(): ReceivedRequest[];
  tokenRequests(): ReceivedRequest[];
  close(): Promise<void>;
}

const PRIMARY_EMAIL = 'owner@example.com';

function googleError(res: ServerResponse, code: number, message: string, reason: string, status: string) {
  send(res, code, { error: { code, message, errors: [{ message, domain: 'global', reason }], status } });
}

function send(res: ServerResponse, code: number, body: unknown) {
  if (body === undefined) {
    res.writeHead(code).end();
    return;
  }
  res.writeHead(code, { 'content-type': 'application/json; charset=UTF-8' }).end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const overlaps = (event: FakeEvent, timeMin: string | undefined, timeMax: string | undefined) =>
  (!timeMax || Date.parse(event.start.dateTime) < Date.parse(timeMax)) &&
  (!timeMin || Date.parse(event.end.dateTime) > Date.parse(timeMin));

export async function startFakeGoogle(): Promise<FakeGoogle> {
  let issued = 0;
  const fake = {
    clientId: 'client-id.apps.googleusercontent.com',
    clientSecret: 'client-secret-value',
    requests: [] as ReceivedRequest[],
    events: new Map<string, FakeEvent>(),
    calendars: [
      {
        id: PRIMARY_EMAIL,
        summary: PRIMARY_EMAIL,
        primary: true,
        timeZone: 'America/New_York',
        accessRole: 'owner',
      },
      {
        id: 'team@group.calendar.google.com',
        summary: 'Team',
        timeZone: 'Europe/Berlin',
        accessRole: 'writer',
      },
    ] as FakeCalendar[],
    accessTokens: new Set<string>(),
    refreshTokens: new Set<string>(),
    codes: new Map<string, string>(),
    hang: undefined as RegExp | undefined,
    abortedRequests: 0,
  };

  const calendarIdOf = (raw: string) => {
    const id = decodeURIComponent(raw);
    return id === 'primary' ? PRIMARY_EMAIL : id;
  };

  function token(res: ServerResponse, form: URLSearchParams) {
    if (form.get('client_id') !== fake.clientId || form.get('client_secret') !== fake.clientSecret) {
      send(res, 401, { error: 'invalid_client', error_description: 'The OAuth client was not found.' });
      return;
    }
    const grantType = form.get('grant_type');
    let refreshToken: string | undefined;
    if (grantType === 'refresh_token') {
      const presented = form.get('refresh_token') ?? '';
      if (!fake.refreshTokens.has(presented)) {
        send(res, 400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
        return;
      }
    } else if (grantType === 'authorization_code') {
      refreshToken = fake.codes.get(form.get('code') ?? '');
      if (!refreshToken) {
        send(res, 400, { error: 'invalid_grant', error_description: 'Malformed auth code.' });
        return;
      }
      fake.codes.delete(form.get('code') ?? '');
      fake.refreshTokens.add(refreshToken);
    } else {
      send(res, 400, {
        error: 'unsupported_grant_type',
        error_description: `Invalid grant_type: ${grantType}`,
      });
      return;
    }
    issued += 1;
    const accessToken = `ya29.fresh-${issued}`;
    fake.accessTokens.add(accessToken);
    send(res, 200, {
      access_token: accessToken,
      expires_in: 3599,
      token_type: 'Bearer',
      scope: 'https://www.googleapis.com/auth/calendar',
      ...(refreshToken ? { refresh_token: refreshToken } : {}),
    });
  }

  function eventResource(event: FakeEvent) {
    return {
      kind: 'calendar#event',
      etag: `"${event.id}"`,
      id: event.id,
      status: event.status,
      htmlLink: `https://www.google.com/calendar/event?eid=${event.id}`,
      summary: event.summary,
      description: event.description,
      // Google answers in UTC when no timeZone parameter applies; the tool must convert for the model.
      start: { dateTime: new Date(event.start.dateTime).toISOString(), timeZone: event.start.timeZone },
      end: { dateTime: new Date(event.end.dateTime).toISOString(), timeZone: event.end.timeZone },
      attendees: event.attendees?.map((a) => ({ ...a, responseStatus: 'needsAction' })),
    };
  }

  async function api(req: IncomingMessage, res: ServerResponse, url: URL, body: unknown) {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const auth = req.headers.authorization;
    const bearer = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length) : undefined;
    if (!bearer || !fake.accessTokens.has(bearer)) {
      googleError(
        res,
        401,
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
        'authError',
        'UNAUTHENTICATED',
      );
      return;
    }
    const notFound = () => googleError(res, 404, 'Not Found', 'notFound', 'NOT_FOUND');

    if (method === 'GET' && path === '/calendar/v3/users/me/calendarList') {
      const ranks = { reader: 0, writer: 1, owner: 2 };
      const minRole = (url.searchParams.get('minAccessRole') ?? 'reader') as keyof typeof ranks;
      const items = fake.calendars
        .filter((c) => ranks[c.accessRole] >= (ranks[minRole] ?? 0))
        .map((c) => ({ kind: 'calendar#calendarListEntry', ...c }));
      send(res, 200, { kind: 'calendar#calendarList', items });
      return;
    }
    if (method === 'POST' && path === '/calendar/v3/freeBusy') {
      const { timeMin, timeMax, items } = body as {
        timeMin: string;
        timeMax: string;
        items: { id: string }[];
      };
      const calendars: Record<string, unknown> = {};
      for (const { id } of items) {
        const calendarId = calendarIdOf(id);
        if (!fake.calendars.some((c) => c.id === calendarId)) {
          calendars[id] = { busy: [], errors: [{ domain: 'global', reason: 'notFound' }] };
          continue;
        }
        const busy = [...fake.events.values()]
          .filter(
            (e) => e.calendarId === calendarId && e.status === 'confirmed' && overlaps(e, timeMin, timeMax),
          )
          .map((e) => ({
            start: new Date(e.start.dateTime).toISOString(),
            end: new Date(e.end.dateTime).toISOString(),
          }));
        calendars[id] = { busy };
      }
      send(res, 200, { kind: 'calendar#freeBusy', timeMin, timeMax, calendars });
      return;
    }
    const calendarMatch = /^\/calendar\/v3\/calendars\/([^/]+)$/.exec(path);
    if (method === 'GET' && calendarMatch) {
      const calendar = fake.calendars.find((c) => c.id === calendarIdOf(calendarMatch[1] ?? ''));
      if (!calendar) return notFound();
      send(res, 200, {
        kind: 'calendar#calendar',
        id: calendar.id,
        summary: calendar.summary,
        timeZone: calendar.timeZone,
      });
      return;
    }
    const match = /^\/calendar\/v3\/calendars\/([^/]+)\/events(?:\/([^/]+))?$/.exec(path);
    if (!match) return notFound();
    const calendarId = calendarIdOf(match[1] ?? '');
    if (!fake.calendars.some((c) => c.id === calendarId)) return notFound();
    const eventId = match[2] === undefined ? undefined : decodeURIComponent(match[2]);

    if (eventId === undefined && method === 'GET') {
      const timeMin = url.searchParams.get('timeMin') ?? undefined;
      const timeMax = url.searchParams.get('timeMax') ?? undefined;
      const items = [...fake.events.values()]
        .filter(
          (e) => e.calendarId === calendarId && e.status === 'confirmed' && overlaps(e, timeMin, timeMax),
        )
        .sort((a, b) => Date.parse(a.start.dateTime) - Date.parse(b.start.dateTime))
        .map(eventResource);
      send(res, 200, {
        kind: 'calendar#events',
        summary: calendarId,
        timeZone: url.searchParams.get('timeZone') ?? 'UTC',
        items,
      });
      return;
    }
    if (eventId === undefined && method === 'POST') {
      const input = body as Omit<FakeEvent, 'id' | 'status' | 'calendarId'>;
      if (!input.start?.dateTime || !input.end?.dateTime) {
        googleError(res, 400, 'Missing end time.', 'required', 'INVALID_ARGUMENT');
        return;
      }
      const event: FakeEvent = {
        ...input,
        id: randomUUID().replace(/-/g, ''),
        calendarId,
        status: 'confirmed',
      };
      fake.events.set(event.id, event);
      send(res, 200, eventResource(event));
      return;
    }
    const event = eventId === undefined ? undefined : fake.events.get(eventId);
    if (!event || event.calendarId !== calendarId) return notFound();
    if (method === 'GET') {
      send(res, 200, eventResource(event));
      return;
    }
    if (event.status === 'cancelled') {
      googleError(res, 410, 'Resource has been deleted', 'deleted', 'GONE');
      return;
    }
    if (method === 'PATCH') {
      Object.assign(event, body as Partial<FakeEvent>);
      send(res, 200, eventResource(event));
      return;
    }
    if (method === 'DELETE') {
      event.status = 'cancelled';
      send(res, 204, undefined);
      return;
    }
    notFound();
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const raw = await readBody(req);
      const isForm = (req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded');
      const form = new URLSearchParams(raw);
      let body: unknown = raw;
      if (isForm) body = Object.fromEntries(form);
      else if (raw) body = JSON.parse(raw) as unknown;
      fake.requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        authorization: req.headers.authorization,
        body,
      });
      if (fake.hang?.test(url.pathname)) {
        res.on('close', () => {
          if (!res.writableFinished) fake.abortedRequests += 1;
        });
        return;
      }
      if (req.method === 'POST' && url.pathname === '/token') return token(res, form);
      if (req.method === 'POST' && url.pathname === '/revoke') {
        const presented = url.searchParams.get('token') ?? form.get('token') ?? '';
        if (!fake.refreshTokens.delete(presented) && !fake.accessTokens.delete(presented)) {
          send(res, 400, { error: 'invalid_token', error_description: 'Token expired or revoked' });
          return;
        }
        send(res, 200, {});
        return;
      }
      await api(req, res, url, body);
    })().catch((error: unknown) => {
      send(res, 500, { error: { code: 500, message: String(error), errors: [], status: 'INTERNAL' } });
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

  return Object.assign(fake, {
    rootUrl: `${base}/`,
    tokenUrl: `${base}/token`,
    revokeUrl: `${base}/revoke`,
    addEvent(event: Omit<FakeEvent, 'id' | 'status' | 'calendarId'> & { id?: string; calendarId?: string }) {
      const stored: FakeEvent = {
        ...event,
        id: event.id ?? randomUUID().replace(/-/g, ''),
        calendarId: event.calendarId ?? PRIMARY_EMAIL,
        status: 'confirmed',
      };
      fake.events.set(stored.id, stored);
      return stored;
    },
    apiRequests: () => fake.requests.filter((r) => r.path.startsWith('/calendar/')),
    tokenRequests: () => fake.requests.filter((r) => r.path === '/token'),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  });
}
