import type { GoogleCalendarConfig } from '@switchboard/contracts/tools';
import { type ReadyToolFunction, ToolCallError, type ToolFunctionDefinition } from '../../tool-function.ts';
import { validateArguments } from '../../validate-arguments.ts';
import { describeWorkingHours, googleCalendarFunctionDefinitions, MAX_RANGE_DAYS } from './catalog.ts';
import {
  type calendar_v3,
  connectGoogle,
  type GoogleCredentials,
  type GoogleEndpoints,
  type GoogleOAuthClient,
} from './google-connection.ts';
import {
  assertTimeZone,
  formatDate,
  formatZoned,
  minutesOfDay,
  nextDay,
  parseDate,
  parseDateTime,
  wallTime,
  zonedToInstant,
} from './zoned-time.ts';

export interface CreateGoogleCalendarFunctionsOptions {
  config: GoogleCalendarConfig;
  credentials: GoogleCredentials;
  oauth: GoogleOAuthClient;
  /** Persists refreshed tokens; awaited before the function that caused the refresh answers. */
  onTokens?: (tokens: GoogleCredentials) => Promise<void>;
  endpoints?: GoogleEndpoints;
  now?: () => Date;
  /** Bound on one function call, token refresh included (default GOOGLE_CALENDAR_TIMEOUT_MS). */
  timeoutMs?: number;
}

/**
 * How long one Google Calendar function may take, token refresh and every request included. Google answers
 * in well under a second; past this the caller has waited long enough, and the model hears why.
 */
export const GOOGLE_CALENDAR_TIMEOUT_MS = 15_000;

/** Most slots one check_availability answer lists; more would be too long to read out anyway. */
const MAX_SLOTS = 40;
const MAX_EVENTS = 50;
const DAY_MS = 86_400_000;

interface Interval {
  start: Date;
  end: Date;
}

/**
 * The Google Calendar functions of one tool, bound to its connected account: check_availability,
 * list_events, create_event, reschedule_event and cancel_event. Build once per call and reuse, so a
 * refreshed access token is reused too.
 */
export function createGoogleCalendarFunctions(
  options: CreateGoogleCalendarFunctionsOptions,
): ReadyToolFunction[] {
  const { config } = options;
  const { calendarId, timeZone, workingHours, defaultEventMinutes } = config;
  assertTimeZone(timeZone);
  const now = options.now ?? (() => new Date());
  const timeoutMs = options.timeoutMs ?? GOOGLE_CALENDAR_TIMEOUT_MS;
  const google = connectGoogle(options);
  const { calendar } = google;

  const show = (instant: Date) => formatZoned(instant, timeZone);
  const hoursText = `${describeWorkingHours(workingHours)} ${timeZone}`;

  function readRange(args: Record<string, unknown>): Interval {
    const { date, start, end } = args as { date?: string; start?: string; end?: string };
    let range: Interval;
    if (date !== undefined) {
      if (start !== undefined || end !== undefined) {
        throw new ToolCallError('Give either "date" or "start" and "end", not both.');
      }
      const day = parseDate(date, 'date');
      range = {
        start: zonedToInstant(day, 0, 0, timeZone),
        end: zonedToInstant(nextDay(day), 0, 0, timeZone),
      };
    } else if (start !== undefined && end !== undefined) {
      range = { start: parseDateTime(start, 'start', timeZone), end: parseDateTime(end, 'end', timeZone) };
    } else {
      throw new ToolCallError('Give a "date" (YYYY-MM-DD), or both "start" and "end".');
    }
    if (range.end <= range.start) {
      throw new ToolCallError(`"end" (${show(range.end)}) must be after "start" (${show(range.start)}).`);
    }
    if (range.end.getTime() - range.start.getTime() > MAX_RANGE_DAYS * DAY_MS) {
      throw new ToolCallError(`The range is too long; ask for at most ${MAX_RANGE_DAYS} days at a time.`);
    }
    return range;
  }

  /** Rules every booking follows: a real interval, in the future, inside working hours. */
  function checkBookable({ start, end }: Interval): void {
    if (end <= start) {
      throw new ToolCallError(`"end" (${show(end)}) must be after "start" (${show(start)}).`);
    }
    const current = now();
    if (start < current) {
      throw new ToolCallError(
        `${show(start)} is in the past (it is now ${show(current)}, ${timeZone}). Ask for a time in the future.`,
      );
    }
    const from = wallTime(start, timeZone);
    const to = wallTime(new Date(end.getTime() - 1), timeZone);
    const inside =
      formatDate(from) === formatDate(to) &&
      workingHours.days.includes(from.weekday) &&
      from.hour * 60 + from.minute >= minutesOfDay(workingHours.start) &&
      end <= zonedToInstant(from, ...hourMinute(workingHours.end), timeZone);
    if (!inside) {
      throw new ToolCallError(
        `${show(start)} to ${show(end)} is outside working hours (${hoursText}). ` +
          'Use check_availability to find a free time.',
      );
    }
  }

  function eventSummary(event: calendar_v3.Schema$Event) {
    const time = (t: calendar_v3.Schema$EventDateTime | undefined) =>
      t?.dateTime ? show(new Date(t.dateTime)) : (t?.date ?? null);
    return {
      id: event.id ?? null,
      summary: event.summary ?? '(no title)',
      start: time(event.start),
      end: time(event.end),
      ...(event.start?.date && !event.start.dateTime ? { allDay: true } : {}),
    };
  }

  const notFound = (eventId: string) => ({
    notFound: `No event with id "${eventId}" exists in the calendar. Use list_events to find the event's id.`,
    gone: `The event "${eventId}" has already been cancelled.`,
  });

  async function checkAvailability(args: Record<string, unknown>, signal: AbortSignal) {
    const range = readRange(args);
    const current = now();
    const { data } = await google.run(signal, (o) =>
      calendar.freebusy.query(
        {
          requestBody: {
            timeMin: range.start.toISOString(),
            timeMax: range.end.toISOString(),
            timeZone,
            items: [{ id: calendarId }],
          },
        },
        o,
      ),
    );
    const calendars = data.calendars ?? {};
    const entry = calendars[calendarId] ?? Object.values(calendars)[0];
    if (!entry || (entry.errors && entry.errors.length > 0)) {
      const reason = entry?.errors?.[0]?.reason ?? 'notFound';
      throw new ToolCallError(`Google Calendar could not read the calendar's availability (${reason}).`);
    }
    const busy = (entry.busy ?? []).flatMap((b) =>
      b.start && b.end ? [{ start: new Date(b.start), end: new Date(b.end) }] : [],
    );

    const slots: Interval[] = [];
    let hasMore = false;
    const lengthMs = defaultEventMinutes * 60_000;
    const lastDay = formatDate(wallTime(new Date(range.end.getTime() - 1), timeZone));
    let day: { year: number; month: number; day: number } = wallTime(range.start, timeZone);
    for (; formatDate(day) <= lastDay; day = nextDay(day)) {
      const opens = zonedToInstant(day, ...hourMinute(workingHours.start), timeZone);
      const closes = zonedToInstant(day, ...hourMinute(workingHours.end), timeZone);
      if (workingHours.days.includes(wallTime(opens, timeZone).weekday)) {
        for (let t = opens.getTime(); t + lengthMs <= closes.getTime(); t += lengthMs) {
          const slot = { start: new Date(t), end: new Date(t + lengthMs) };
          const isFree =
            slot.start >= range.start &&
            slot.end <= range.end &&
            slot.start >= current &&
            !busy.some((b) => b.start < slot.end && b.end > slot.start);
          if (!isFree) continue;
          if (slots.length === MAX_SLOTS) {
            hasMore = true;
            break;
          }
          slots.push(slot);
        }
      }
      if (hasMore) break;
    }

    return {
      timeZone,
      slotMinutes: defaultEventMinutes,
      slots: slots.map((s) => ({ start: show(s.start), end: show(s.end) })),
      ...(hasMore ? { more: 'More free slots exist; ask for a shorter range to see them.' } : {}),
      ...(slots.length === 0
        ? { note: `No free slots in that range. Working hours are ${hoursText}; past times are not offered.` }
        : {}),
    };
  }

  async function listEvents(args: Record<string, unknown>, signal: AbortSignal) {
    const range = readRange(args);
    const { data } = await google.run(signal, (o) =>
      calendar.events.list(
        {
          calendarId,
          timeMin: range.start.toISOString(),
          timeMax: range.end.toISOString(),
          timeZone,
          singleEvents: true,
          orderBy: 'startTime',
          maxResults: MAX_EVENTS,
        },
        o,
      ),
    );
    const events = (data.items ?? []).filter((e) => e.status !== 'cancelled').map(eventSummary);
    return {
      timeZone,
      events,
      ...(data.nextPageToken ? { more: 'More events exist; ask for a shorter range to see them.' } : {}),
    };
  }

  async function createEvent(args: Record<string, unknown>, signal: AbortSignal) {
    const input = args as {
      summary: string;
      start: string;
      end?: string;
      durationMinutes?: number;
      attendeeEmail?: string;
      description?: string;
    };
    const start = parseDateTime(input.start, 'start', timeZone);
    const end =
      input.end !== undefined
        ? parseDateTime(input.end, 'end', timeZone)
        : new Date(start.getTime() + (input.durationMinutes ?? defaultEventMinutes) * 60_000);
    checkBookable({ start, end });
    const { data } = await google.run(signal, (o) =>
      calendar.events.insert(
        {
          calendarId,
          sendUpdates: input.attendeeEmail ? 'all' : 'none',
          requestBody: {
            summary: input.summary,
            ...(input.description ? { description: input.description } : {}),
            start: { dateTime: show(start), timeZone },
            end: { dateTime: show(end), timeZone },
            ...(input.attendeeEmail ? { attendees: [{ email: input.attendeeEmail }] } : {}),
          },
        },
        o,
      ),
    );
    return {
      created: eventSummary(data),
      ...(input.attendeeEmail ? { invitationSentTo: input.attendeeEmail } : {}),
    };
  }

  async function rescheduleEvent(args: Record<string, unknown>, signal: AbortSignal) {
    const input = args as { eventId: string; start: string; end?: string };
    const start = parseDateTime(input.start, 'start', timeZone);
    const explicitEnd = input.end !== undefined ? parseDateTime(input.end, 'end', timeZone) : undefined;
    if (explicitEnd) checkBookable({ start, end: explicitEnd });

    const { data: existing } = await google.run(signal, (o) =>
      calendar.events.get({ calendarId, eventId: input.eventId }, o).catch((error: unknown) => {
        throw google.failure(error, notFound(input.eventId));
      }),
    );
    if (existing.status === 'cancelled') throw new ToolCallError(notFound(input.eventId).gone);
    let end = explicitEnd;
    if (!end) {
      const from = existing.start?.dateTime ? new Date(existing.start.dateTime) : undefined;
      const to = existing.end?.dateTime ? new Date(existing.end.dateTime) : undefined;
      const lengthMs = from && to ? to.getTime() - from.getTime() : defaultEventMinutes * 60_000;
      end = new Date(start.getTime() + lengthMs);
      checkBookable({ start, end });
    }

    const { data } = await google.run(signal, (o) =>
      calendar.events
        .patch(
          {
            calendarId,
            eventId: input.eventId,
            sendUpdates: 'all',
            requestBody: {
              start: { dateTime: show(start), timeZone },
              end: { dateTime: show(end), timeZone },
            },
          },
          o,
        )
        .catch((error: unknown) => {
          throw google.failure(error, notFound(input.eventId));
        }),
    );
    return { rescheduled: eventSummary(data), previousStart: eventSummary(existing).start };
  }

  async function cancelEvent(args: Record<string, unknown>, signal: AbortSignal) {
    const { eventId } = args as { eventId: string };
    await google.run(signal, (o) =>
      calendar.events.delete({ calendarId, eventId, sendUpdates: 'all' }, o).catch((error: unknown) => {
        throw google.failure(error, notFound(eventId));
      }),
    );
    return { cancelled: true, eventId };
  }

  const implementations: Record<
    string,
    (args: Record<string, unknown>, signal: AbortSignal) => Promise<unknown>
  > = {
    check_availability: checkAvailability,
    list_events: listEvents,
    create_event: createEvent,
    reschedule_event: rescheduleEvent,
    cancel_event: cancelEvent,
  };

  return googleCalendarFunctionDefinitions(config).map((definition: ToolFunctionDefinition) => {
    const implementation = implementations[definition.name];
    if (!implementation) throw new Error(`No implementation for ${definition.name}`);
    const fn: ReadyToolFunction = {
      ...definition,
      async execute(args, signal) {
        if (signal.aborted)
          throw signal.reason ?? new DOMException('The operation was aborted.', 'AbortError');
        const input = validateArguments(fn, args);
        const expiry = new AbortController();
        const timer = setTimeout(() => expiry.abort(), timeoutMs);
        try {
          return await implementation(input, AbortSignal.any([signal, expiry.signal]));
        } catch (error) {
          if (expiry.signal.aborted && !signal.aborted) throw timedOut(definition, timeoutMs);
          throw error;
        } finally {
          clearTimeout(timer);
        }
      },
    };
    return fn;
  });
}

/**
 * What the model hears when Google took too long. After a change was sent its fate is unknown: the model is
 * told to look before trying again, so a slow booking is not made twice.
 */
function timedOut(definition: ToolFunctionDefinition, timeoutMs: number): ToolCallError {
  const seconds = Math.max(1, Math.round(timeoutMs / 1000));
  const within = `within ${seconds} second${seconds === 1 ? '' : 's'}`;
  return new ToolCallError(
    definition.mutates
      ? `Google Calendar did not answer ${within}, so it is not known whether the change was made; check with list_events before trying again.`
      : `Google Calendar did not answer ${within}; try again in a moment.`,
  );
}

function hourMinute(hhmm: string): [number, number] {
  const minutes = minutesOfDay(hhmm);
  return [Math.floor(minutes / 60), minutes % 60];
}
