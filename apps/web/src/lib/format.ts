const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const formatDate = (iso: string) => dateFormat.format(new Date(iso));
export const formatDateTime = (iso: string) => dateTimeFormat.format(new Date(iso));

const timestampFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'long' });
/** Date and time to the second with the time zone, in the reader's locale: when exactly, for a record. */
export const formatTimestamp = (iso: string) => timestampFormat.format(new Date(iso));

export function initials(name: string): string {
  const parts = name.trim().split(/\s+/);
  return ((parts[0]?.[0] ?? '') + (parts.length > 1 ? (parts.at(-1)?.[0] ?? '') : '')).toUpperCase() || '?';
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '–';
  const minutes = Math.floor(seconds / 60);
  return minutes > 0 ? `${minutes}m ${String(seconds % 60).padStart(2, '0')}s` : `${seconds}s`;
}

/** `1 call`, `3 calls`: a count with the word for it. */
export const formatCount = (count: number, one: string, many: string) =>
  `${count} ${count === 1 ? one : many}`;

/** `caller_hung_up` → `Caller hung up`. */
export function humanize(value: string): string {
  const words = value.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const creditFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 3 });

/** Credits as people read them: up to 3 decimals, grouped; `null` (no figure) as a dash. */
export const formatCredits = (credits: number | null) =>
  credits === null ? '–' : creditFormat.format(credits);
