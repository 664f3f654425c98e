import type { GoogleCalendarConfig } from '@switchboard/contracts/tools';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GOOGLE_CALENDAR_FUNCTIONS } from '../../src/kinds/google-calendar/catalog.ts';
import {
  type CreateGoogleCalendarFunctionsOptions,
  createGoogleCalendarFunctions,
  GOOGLE_CALENDAR_TIMEOUT_MS,
} from '../../src/kinds/google-calendar/create-google-calendar-functions.ts';
import {
  GoogleConnectionBrokenError,
  type GoogleCredentials,
} from '../../src/kinds/google-calendar/google-connection.ts';
import { type FakeGoogle, startFakeGoogle } from '../../src/testing/fake-google.ts';
import { ToolCallError } from '../../src/tool-function.ts';

// Monday 10 March 2025, 08:00 in New York (daylight saving time began the day before: UTC−4).
const NOW = new Date('2025-03-10T12:00:00Z');
const FAR_FUTURE = Date.UTC(2100, 0, 1);
const CONFIG: GoogleCalendarConfig = {
  calendarId: 'primary',
  timeZone: 'America/New_York',
  workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
  defaultEventMinutes: 30,
};
const BROKEN =
  'The Google Calendar connection has expired; an administrator must reconnect it in Switchboard.';

let fake: FakeGoogle;
let persisted: GoogleCredentials[];

beforeEach(async () => {
  fake = await startFakeGoogle();
  fake.accessTokens.add('ya29.valid');
  fake.refreshTokens.add('1//refresh');
  persisted = [];
});

afterEach(async () => {
  await fake.close();
});

function functions(overrides: Partial<CreateGoogleCalendarFunctionsOptions> = {}) {
  const list = createGoogleCalendarFunctions({
    config: CONFIG,
    credentials: { accessToken: 'ya29.valid', refreshToken: '1//refresh', expiryDate: FAR_FUTURE },
    oauth: { clientId: fake.clientId, clientSecret: fake.clientSecret },
    endpoints: { rootUrl: fake.rootUrl, tokenUrl: fake.tokenUrl },
    now: () => NOW,
    onTokens: async (tokens) => {
      persisted.push(tokens);
    },
    ...overrides,
  });
  const call = (name: string, args: unknown, signal = new AbortController().signal) => {
    const fn = list.find((f) => f.name === name);
    if (!fn) throw new Error(`no function ${name}`);
    return fn.execute(args, signal);
  };
  return { list, call };
}

/** New York wall-clock time on a March 2025 day after the DST change, as a UTC ISO string. */
const ny = (day: number, hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return new Date(Date.UTC(2025, 2, day, (h ?? 0) + 4, m ?? 0)).toISOString();
};

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('function definitions', () => {
  it('offers five functions with inline schemas that name the configured time zone', () => {
    const { list } = functions();
    expect(list.map((f) => f.name)).toEqual([
      'check_availability',
      'list_events',
      'create_event',
      'reschedule_event',
      'cancel_event',
    ]);
    for (const fn of list) {
      expect(fn.parameters.type).toBe('object');
      expect(JSON.stringify(fn.parameters)).not.toContain('$ref');
    }
    expect(list.find((f) => f.name === 'check_availability')?.description).toContain('America/New_York');
    expect(list.find((f) => f.name === 'check_availability')?.description).toContain(
      'Monday–Friday 09:00–17:00',
    );
    expect(JSON.stringify(list.find((f) => f.name === 'create_event')?.parameters)).toContain(
      'America/New_York',
    );
  });

  it('exports the same functions as data for the catalog, without a configuration', () => {
    expect(GOOGLE_CALENDAR_FUNCTIONS.map((f) => f.name)).toEqual(functions().list.map((f) => f.name));
    expect(GOOGLE_CALENDAR_FUNCTIONS[0]?.description).toContain("organization's time zone");
  });
});

describe('check_availability', () => {
  it('asks freebusy for the day in the configured zone and returns free slots inside working hours', async () => {
    fake.addEvent({
      summary: 'Dentist',
      start: { dateTime: ny(11, '10:00') },
      end: { dateTime: ny(11, '11:00') },
    });
    fake.addEvent({
      summary: 'Late',
      start: { dateTime: ny(11, '16:45') },
      end: { dateTime: ny(11, '18:00') },
    });
    fake.addEvent({
      summary: 'Other day',
      start: { dateTime: ny(12, '09:00') },
      end: { dateTime: ny(12, '12:00') },
    });

    const result = (await functions().call('check_availability', { date: '2025-03-11' })) as {
      timeZone: string;
      slotMinutes: number;
      slots: { start: string; end: string }[];
    };

    expect(fake.apiRequests()).toHaveLength(1);
    const [request] = fake.apiRequests();
    expect(request).toMatchObject({
      method: 'POST',
      path: '/calendar/v3/freeBusy',
      authorization: 'Bearer ya29.valid',
      body: {
        timeMin: '2025-03-11T04:00:00.000Z',
        timeMax: '2025-03-12T04:00:00.000Z',
        timeZone: 'America/New_York',
        items: [{ id: 'primary' }],
      },
    });
    expect(result.timeZone).toBe('America/New_York');
    expect(result.slotMinutes).toBe(30);
    const starts = result.slots.map((s) => s.start.slice(11, 16));
    expect(starts).toEqual([
      '09:00',
      '09:30',
      '11:00',
      '11:30',
      '12:00',
      '12:30',
      '13:00',
      '13:30',
      '14:00',
      '14:30',
      '15:00',
      '15:30',
      '16:00',
    ]);
    expect(result.slots[0]).toEqual({ start: '2025-03-11T09:00:00-04:00', end: '2025-03-11T09:30:00-04:00' });
  });

  it('offers nothing on a day outside working hours and says why', async () => {
    const result = (await functions().call('check_availability', { date: '2025-03-15' })) as {
      slots: unknown[];
      note: string;
    };
    expect(result.slots).toEqual([]);
    expect(result.note).toContain('Monday–Friday 09:00–17:00 America/New_York');
  });

  it('never offers past times and clips a range spanning a weekend to working hours', async () => {
    const afternoon = functions({ now: () => new Date(ny(10, '14:10')) });
    const today = (await afternoon.call('check_availability', { date: '2025-03-10' })) as {
      slots: { start: string }[];
    };
    expect(today.slots[0]?.start).toBe('2025-03-10T14:30:00-04:00');
    expect(today.slots).toHaveLength(5);

    const weekend = (await functions().call('check_availability', {
      start: '2025-03-14T15:00',
      end: '2025-03-17T10:00',
    })) as { slots: { start: string }[] };
    expect(weekend.slots.map((s) => s.start)).toEqual([
      '2025-03-14T15:00:00-04:00',
      '2025-03-14T15:30:00-04:00',
      '2025-03-14T16:00:00-04:00',
      '2025-03-14T16:30:00-04:00',
      '2025-03-17T09:00:00-04:00',
      '2025-03-17T09:30:00-04:00',
    ]);
  });

  it('rejects ranges the model got wrong before calling Google', async () => {
    const { call } = functions();
    await expect(
      call('check_availability', { start: '2025-03-12T10:00', end: '2025-03-12T09:00' }),
    ).rejects.toThrow('"end" (2025-03-12T09:00:00-04:00) must be after "start" (2025-03-12T10:00:00-04:00).');
    await expect(call('check_availability', {})).rejects.toThrow('Give a "date" (YYYY-MM-DD), or both');
    await expect(call('check_availability', { date: 'next tuesday' })).rejects.toThrow(
      '"date" must be a date like 2025-03-14',
    );
    await expect(
      call('check_availability', { date: '2025-03-11', start: '2025-03-11T09:00' }),
    ).rejects.toThrow('not both');
    await expect(call('check_availability', { date: 20250311 })).rejects.toThrow(
      'Invalid arguments for check_availability: "date" must be string',
    );
    await expect(
      call('check_availability', { start: '2025-03-01T00:00', end: '2025-04-01T00:00' }),
    ).rejects.toThrow('at most 14 days');
    expect(fake.apiRequests()).toHaveLength(0);
  });

  it('reports a calendar Google cannot read', async () => {
    const { call } = functions({ config: { ...CONFIG, calendarId: 'missing@group.calendar.google.com' } });
    await expect(call('check_availability', { date: '2025-03-11' })).rejects.toThrow(
      "Google Calendar could not read the calendar's availability (notFound).",
    );
  });
});

describe('list_events', () => {
  it('lists single events in the range with times in the configured zone', async () => {
    const dentist = fake.addEvent({
      summary: 'Dentist',
      start: { dateTime: ny(11, '10:00') },
      end: { dateTime: ny(11, '11:00') },
    });
    fake.addEvent({
      summary: 'Next week',
      start: { dateTime: ny(18, '10:00') },
      end: { dateTime: ny(18, '11:00') },
    });

    const result = await functions().call('list_events', { date: '2025-03-11' });

    expect(result).toEqual({
      timeZone: 'America/New_York',
      events: [
        {
          id: dentist.id,
          summary: 'Dentist',
          start: '2025-03-11T10:00:00-04:00',
          end: '2025-03-11T11:00:00-04:00',
        },
      ],
    });
    const [request] = fake.apiRequests();
    expect(request?.method).toBe('GET');
    expect(request?.path).toBe('/calendar/v3/calendars/primary/events');
    expect(request?.query).toMatchObject({
      timeMin: '2025-03-11T04:00:00.000Z',
      timeMax: '2025-03-12T04:00:00.000Z',
      timeZone: 'America/New_York',
      singleEvents: 'true',
      orderBy: 'startTime',
    });
  });

  it('reads a start with an explicit offset as given and URL-encodes the calendar id', async () => {
    const { call } = functions({ config: { ...CONFIG, calendarId: 'team@group.calendar.google.com' } });
    await call('list_events', { start: '2025-03-11T09:00:00Z', end: '2025-03-11T18:00:00+01:00' });
    const [request] = fake.apiRequests();
    expect(request?.path).toBe('/calendar/v3/calendars/team%40group.calendar.google.com/events');
    expect(request?.query).toMatchObject({
      timeMin: '2025-03-11T09:00:00.000Z',
      timeMax: '2025-03-11T17:00:00.000Z',
    });
  });
  it("passes Google's own error message on for other failures", async () => {
    const { call } = functions({ config: { ...CONFIG, calendarId: 'missing@group.calendar.google.com' } });
    const error = await rejection(call('list_events', { date: '2025-03-11' }));
    expect(error).toBeInstanceOf(ToolCallError);
    expect(error.message).toBe('Google Calendar refused the request (404): Not Found.');
  });
});

describe('create_event', () => {
  it('creates the event in the configured zone, invites the attendee and answers with its id', async () => {
    const result = (await functions().call('create_event', {
      summary: 'Consultation with Jane Doe',
      start: '2025-03-11T14:00',
      attendeeEmail: 'jane@example.com',
      description: 'Booked by phone',
    })) as { created: { id: string; start: string; end: string }; invitationSentTo: string };

    const [request] = fake.apiRequests();
    expect(request).toMatchObject({
      method: 'POST',
      path: '/calendar/v3/calendars/primary/events',
      query: { sendUpdates: 'all' },
      body: {
        summary: 'Consultation with Jane Doe',
        description: 'Booked by phone',
        start: { dateTime: '2025-03-11T14:00:00-04:00', timeZone: 'America/New_York' },
        end: { dateTime: '2025-03-11T14:30:00-04:00', timeZone: 'America/New_York' },
        attendees: [{ email: 'jane@example.com' }],
      },
    });
    expect(result.created).toMatchObject({
      summary: 'Consultation with Jane Doe',
      start: '2025-03-11T14:00:00-04:00',
      end: '2025-03-11T14:30:00-04:00',
    });
    expect(fake.events.get(result.created.id)?.summary).toBe('Consultation with Jane Doe');
    expect(result.invitationSentTo).toBe('jane@example.com');
  });

  it('uses an explicit end or duration, and sends no invitations without an attendee', async () => {
    const { call } = functions();
    await call('create_event', { summary: 'Long', start: '2025-03-11T09:00', end: '2025-03-11T11:15' });
    await call('create_event', { summary: 'Short', start: '2025-03-11T12:00', durationMinutes: 15 });
    const [long, short] = fake.apiRequests();
    expect(long?.query).toMatchObject({ sendUpdates: 'none' });
    expect(long?.body).toMatchObject({ end: { dateTime: '2025-03-11T11:15:00-04:00' } });
    expect(long?.body).not.toHaveProperty('attendees');
    expect(short?.body).toMatchObject({ end: { dateTime: '2025-03-11T12:15:00-04:00' } });
  });

  it('refuses times that cannot be booked, with a message the model can act on', async () => {
    const { call } = functions();
    await expect(
      call('create_event', { summary: 'x', start: '2025-03-11T14:00', end: '2025-03-11T13:00' }),
    ).rejects.toThrow('"end" (2025-03-11T13:00:00-04:00) must be after "start" (2025-03-11T14:00:00-04:00).');
    await expect(call('create_event', { summary: 'x', start: '2025-03-07T10:00' })).rejects.toThrow(
      '2025-03-07T10:00:00-05:00 is in the past (it is now 2025-03-10T08:00:00-04:00, America/New_York). Ask for a time in the future.',
    );
    for (const start of ['2025-03-15T10:00', '2025-03-11T18:00', '2025-03-11T16:45', '2025-03-11T08:30']) {
      const error = await rejection(call('create_event', { summary: 'x', start }));
      expect(error).toBeInstanceOf(ToolCallError);
      expect(error.message).toContain(
        'is outside working hours (Monday–Friday 09:00–17:00 America/New_York)',
      );
      expect(error.message).toContain('Use check_availability to find a free time.');
    }
    expect(fake.apiRequests()).toHaveLength(0);
  });

  it('rejects invalid arguments by name', async () => {
    const { call } = functions();
    await expect(call('create_event', { start: '2025-03-11T14:00' })).rejects.toThrow(
      'Invalid arguments for create_event: "summary" is required',
    );
    await expect(
      call('create_event', { summary: 'x', start: '2025-03-11T14:00', attendeeEmail: 'not an email' }),
    ).rejects.toThrow('"attendeeEmail" must match format "email"');
    await expect(call('create_event', { summary: 'x', start: 'tomorrow at 3' })).rejects.toThrow(
      '"start" must be an ISO 8601 date-time like 2025-03-14T14:30 (America/New_York time), got "tomorrow at 3"',
    );
    await expect(
      call('create_event', { summary: 'x', start: '2025-03-11T14:00', room: 'A' }),
    ).rejects.toThrow('"room" is not allowed');
    expect(fake.apiRequests()).toHaveLength(0);
  });
});

describe('reschedule_event', () => {
  it('moves the event keeping its length and notifies attendees', async () => {
    const event = fake.addEvent({
      summary: 'Dentist',
      start: { dateTime: ny(11, '10:00') },
      end: { dateTime: ny(11, '11:00') },
    });

    const result = await functions().call('reschedule_event', {
      eventId: event.id,
      start: '2025-03-12T15:00',
    });

    expect(result).toEqual({
      rescheduled: {
        id: event.id,
        summary: 'Dentist',
        start: '2025-03-12T15:00:00-04:00',
        end: '2025-03-12T16:00:00-04:00',
      },
      previousStart: '2025-03-11T10:00:00-04:00',
    });
    const [get, patch] = fake.apiRequests();
    expect(get).toMatchObject({ method: 'GET', path: `/calendar/v3/calendars/primary/events/${event.id}` });
    expect(patch).toMatchObject({
      method: 'PATCH',
      path: `/calendar/v3/calendars/primary/events/${event.id}`,
      query: { sendUpdates: 'all' },
      body: {
        start: { dateTime: '2025-03-12T15:00:00-04:00', timeZone: 'America/New_York' },
        end: { dateTime: '2025-03-12T16:00:00-04:00', timeZone: 'America/New_York' },
      },
    });
  });

  it('takes an explicit end, and refuses a new time outside working hours', async () => {
    const short = fake.addEvent({
      summary: 'A',
      start: { dateTime: ny(11, '10:00') },
      end: { dateTime: ny(11, '11:00') },
    });
    const long = fake.addEvent({
      summary: 'B',
      start: { dateTime: ny(11, '12:00') },
      end: { dateTime: ny(11, '13:00') },
    });
    const { call } = functions();
    await call('reschedule_event', { eventId: short.id, start: '2025-03-12T09:00', end: '2025-03-12T09:15' });
    expect(fake.events.get(short.id)?.end.dateTime).toBe('2025-03-12T09:15:00-04:00');
    // Keeping the hour-long length would end at 17:30, after working hours.
    await expect(call('reschedule_event', { eventId: long.id, start: '2025-03-12T16:30' })).rejects.toThrow(
      'outside working hours',
    );
    expect(fake.apiRequests().filter((r) => r.method === 'PATCH')).toHaveLength(1);
  });

  it('says when the event does not exist', async () => {
    await expect(
      functions().call('reschedule_event', { eventId: 'nope', start: '2025-03-12T10:00' }),
    ).rejects.toThrow(
      'No event with id "nope" exists in the calendar. Use list_events to find the event\'s id.',
    );
  });
});

describe('cancel_event', () => {
  it('deletes the event and notifies attendees', async () => {
    const event = fake.addEvent({
      summary: 'A',
      start: { dateTime: ny(11, '10:00') },
      end: { dateTime: ny(11, '11:00') },
    });
    const result = await functions().call('cancel_event', { eventId: event.id });
    expect(result).toEqual({ cancelled: true, eventId: event.id });
    expect(fake.apiRequests()[0]).toMatchObject({
      method: 'DELETE',
      path: `/calendar/v3/calendars/primary/events/${event.id}`,
      query: { sendUpdates: 'all' },
    });
    expect(fake.events.get(event.id)?.status).toBe('cancelled');
  });

  it('turns a 404 and a 410 into readable errors', async () => {
    const { call } = functions();
    const missing = await rejection(call('cancel_event', { eventId: 'does-not-exist' }));
    expect(missing).toBeInstanceOf(ToolCallError);
    expect(missing.message).toBe(
      'No event with id "does-not-exist" exists in the calendar. Use list_events to find the event\'s id.',
    );

    const event = fake.addEvent({
      summary: 'A',
      start: { dateTime: ny(11, '10:00') },
      end: { dateTime: ny(11, '11:00') },
    });
    await call('cancel_event', { eventId: event.id });
    await expect(call('cancel_event', { eventId: event.id })).rejects.toThrow(
      `The event "${event.id}" has already been cancelled.`,
    );
  });
});

describe('tokens', () => {
  it('refreshes an expired access token before calling, once, and persists the new tokens', async () => {
    const { call } = functions({
      credentials: { accessToken: 'ya29.expired', refreshToken: '1//refresh', expiryDate: 1 },
    });
    await call('list_events', { date: '2025-03-11' });
    await call('list_events', { date: '2025-03-12' });

    expect(fake.tokenRequests()).toHaveLength(1);
    expect(fake.tokenRequests()[0]?.body).toMatchObject({
      grant_type: 'refresh_token',
      refresh_token: '1//refresh',
      client_id: fake.clientId,
      client_secret: fake.clientSecret,
    });
    expect(fake.apiRequests().map((r) => r.authorization)).toEqual([
      'Bearer ya29.fresh-1',
      'Bearer ya29.fresh-1',
    ]);
    expect(persisted).toEqual([
      { accessToken: 'ya29.fresh-1', refreshToken: '1//refresh', expiryDate: expect.any(Number) },
    ]);
  });

  it('refreshes once and retries when Google answers 401 to a token it does not accept any more', async () => {
    const { call } = functions({
      credentials: { accessToken: 'ya29.stale', refreshToken: '1//refresh', expiryDate: FAR_FUTURE },
    });
    const event = fake.addEvent({
      summary: 'A',
      start: { dateTime: ny(11, '10:00') },
      end: { dateTime: ny(11, '11:00') },
    });

    const result = await call('cancel_event', { eventId: event.id });

    expect(result).toEqual({ cancelled: true, eventId: event.id });
    expect(fake.apiRequests().map((r) => r.authorization)).toEqual([
      'Bearer ya29.stale',
      'Bearer ya29.fresh-1',
    ]);
    expect(fake.tokenRequests()).toHaveLength(1);
    expect(persisted.map((t) => t.accessToken)).toEqual(['ya29.fresh-1']);
  });

  it('reports a revoked refresh token as a broken connection, without secrets', async () => {
    fake.refreshTokens.clear();
    for (const credentials of [
      { accessToken: 'ya29.expired', refreshToken: '1//refresh', expiryDate: 1 },
      { accessToken: 'ya29.stale', refreshToken: '1//refresh', expiryDate: FAR_FUTURE },
      { refreshToken: '1//refresh' },
    ]) {
      const error = await rejection(functions({ credentials }).call('list_events', { date: '2025-03-11' }));
      expect(error).toBeInstanceOf(GoogleConnectionBrokenError);
      expect(error).toBeInstanceOf(ToolCallError);
      expect(error.message).toBe(BROKEN);
    }
    expect(persisted).toEqual([]);
  });

  it('keeps the client secret out of the message when Google rejects the OAuth client', async () => {
    const { call } = functions({
      credentials: { refreshToken: '1//refresh' },
      oauth: { clientId: fake.clientId, clientSecret: 'wrong-secret-value' },
    });
    const error = await rejection(call('list_events', { date: '2025-03-11' }));
    expect(error).toBeInstanceOf(ToolCallError);
    expect(error.message).toContain('invalid_client');
    expect(error.message).not.toContain('wrong-secret-value');
    expect(error.message).not.toContain('1//refresh');
  });

  it('answers with the function result even when persisting the tokens fails', async () => {
    const consoleError = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { call } = functions({
      credentials: { refreshToken: '1//refresh' },
      onTokens: () => Promise.reject(new Error('database down')),
    });
    await expect(call('list_events', { date: '2025-03-11' })).resolves.toMatchObject({ events: [] });
    expect(consoleError).toHaveBeenCalledWith('Could not persist refreshed Google tokens: database down');
    consoleError.mockRestore();
  });
});

describe('abort signal', () => {
  it('rejects at once with an aborted signal and sends nothing', async () => {
    const controller = new AbortController();
    controller.abort(new Error('call ended'));
    await expect(functions().call('list_events', { date: '2025-03-11' }, controller.signal)).rejects.toThrow(
      'call ended',
    );
    expect(fake.requests).toHaveLength(0);
  });

  it('abandons the request to Google when the signal aborts mid-call', async () => {
    fake.hang = /\/events$/;
    const controller = new AbortController();
    const pending = functions().call('list_events', { date: '2025-03-11' }, controller.signal);
    await vi.waitFor(() => expect(fake.apiRequests()).toHaveLength(1));
    controller.abort(new Error('caller hung up'));
    await expect(pending).rejects.toThrow('caller hung up');
    await vi.waitFor(() => expect(fake.abortedRequests).toBe(1));
  });

  it('stops waiting for a token refresh when the signal aborts', async () => {
    fake.hang = /^\/token$/;
    const controller = new AbortController();
    const pending = functions({ credentials: { refreshToken: '1//refresh' } }).call(
      'list_events',
      { date: '2025-03-11' },
      controller.signal,
    );
    await vi.waitFor(() => expect(fake.tokenRequests()).toHaveLength(1));
    controller.abort(new Error('caller hung up'));
    await expect(pending).rejects.toThrow('caller hung up');
  });
});

describe('a Google Calendar that does not answer', () => {
  it('fails a read on its own timeout with a sentence the model can act on, and abandons the request', async () => {
    fake.hang = /\/events$/;
    const error = await rejection(functions({ timeoutMs: 50 }).call('list_events', { date: '2025-03-11' }));
    expect(error).toBeInstanceOf(ToolCallError);
    expect(error.message).toBe('Google Calendar did not answer within 1 second; try again in a moment.');
    await vi.waitFor(() => expect(fake.abortedRequests).toBe(1));
  });

  it('tells the model to look before retrying a change whose fate is unknown', async () => {
    fake.hang = /\/events$/;
    const error = await rejection(
      functions({ timeoutMs: 50 }).call('create_event', {
        summary: 'Check-up',
        start: '2025-03-11T14:00',
        attendeeEmail: 'pat@example.com',
      }),
    );
    expect(error).toBeInstanceOf(ToolCallError);
    expect(error.message).toMatch(
      /^Google Calendar did not answer within 1 second, so it is not known whether the change was made; check with list_events/,
    );
  });

  it('uses a fixed bound by default', () => {
    expect(GOOGLE_CALENDAR_TIMEOUT_MS).toBe(15_000);
  });
});
