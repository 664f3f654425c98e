import { ToolCallError } from '../../tool-function.ts';

/** A wall-clock reading in some time zone. `weekday` is ISO: 1 = Monday … 7 = Sunday. */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
export const WEEKDAY_NAMES = [
  '',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
  'Sunday',
];

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws a plain Error (a configuration problem, not the model's) when Intl does not know the zone. */
export function assertTimeZone(timeZone: string): void {
  try {
    formatterFor(timeZone);
  } catch {
    throw new Error(`Unknown time zone "${timeZone}" in the Google Calendar configuration`);
  }
}

export function wallTime(instant: Date, timeZone: string): WallTime {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) parts[part.type] = part.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday ?? ''] ?? 0,
  };
}

/** Minutes the zone is ahead of UTC at that instant (Berlin in winter: 60). */
function offsetMinutes(instant: Date, timeZone: string): number {
  const w = wallTime(instant, timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant a wall-clock time denotes in a zone. In a DST overlap the earlier instant wins; in a DST gap
 * the time moves forward by the gap (02:30 on a spring-forward night becomes 03:30), as Google Calendar does.
 */
export function zonedToInstant(
  date: { year: number; month: number; day: number },
  hour: number,
  minute: number,
  timeZone: string,
  second = 0,
): Date {
  const guess = Date.UTC(date.year, date.month - 1, date.day, hour, minute, second);
  const before = offsetMinutes(new Date(guess - 86_400_000), timeZone);
  const after = offsetMinutes(new Date(guess + 86_400_000), timeZone);
  const matches = [before, after]
    .map((offset) => guess - offset * 60_000)
    .filter((t) => {
      const w = wallTime(new Date(t), timeZone);
      return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) === guess;
    });
  return new Date(matches.length > 0 ? Math.min(...matches) : guess - before * 60_000);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatDate(date: { year: number; month: number; day: number }): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

/** `2025-03-11T09:30:00-04:00`: the instant as wall-clock time in the zone, with the zone's offset. */
export function formatZoned(instant: Date, timeZone: string): string {
  const w = wallTime(instant, timeZone);
  const offset = offsetMinutes(instant, timeZone);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${formatDate(w)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The calendar day after `date` (pure date arithmetic, no zone involved). */
export function nextDay(date: { year: number; month: number; day: number }): {
  year: number;
  month: number;
  day: number;
} {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + 1));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

function validDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

/** Parses `YYYY-MM-DD`; the error names the argument so the model can fix it. */
export function parseDate(value: string, field: string): { year: number; month: number; day: number } {
  const m = DATE_RE.exec(value.trim());
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (validDate(year, month, day)) return { year, month, day };
  }
  throw new ToolCallError(`"${field}" must be a date like 2025-03-14, got ${JSON.stringify(value)}`);
}

/**
 * Parses an ISO 8601 date-time. Without an offset it is read as wall-clock time in `timeZone`, which is
 * what a caller means by "2 pm"; with `Z` or `+02:00` the offset is respected.
 */
export function parseDateTime(value: string, field: string, timeZone: string): Date {
  const m = DATE_TIME_RE.exec(value.trim());
  if (m) {
    const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i])) as [
      number,
      number,
      number,
      number,
      number,
    ];
    const second = m[6] ? Number(m[6]) : 0;
    if (validDate(year, month, day) && hour < 24 && minute < 60 && second < 60) {
      const zone = m[7];
      if (!zone) return zonedToInstant({ year, month, day }, hour, minute, timeZone, second);
      if (zone.toUpperCase() === 'Z') return new Date(Date.UTC(year, month - 1, day, hour, minute, second));
      const digits = zone.replace(':', '');
      const offset =
        (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5))) * (digits[0] === '-' ? -1 : 1);
      return new Date(Date.UTC(year, month - 1, day, hour, minute, second) - offset * 60_000);
    }
  }
  throw new ToolCallError(
    `"${field}" must be an ISO 8601 date-time like 2025-03-14T14:30 (${timeZone} time), got ${JSON.stringify(value)}`,
  );
}

/** `HH:MM` → minutes after midnight. */
export function minutesOfDay(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}
