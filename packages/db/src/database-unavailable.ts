import { isStalePlan } from './prepared-statements.ts';

/**
 * SQLSTATEs that say the server cannot serve us right now, not that the statement is wrong:
 * 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now ("the database system is starting
 * up" / "shutting down"), 57014 query_canceled (we cancel nothing ourselves: it is statement_timeout), and
 * 53300 too_many_connections.
 */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '57014', '53300']);

/** Socket errors on the way to the server. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** pg's own messages when a connection ends or a pool/client timeout fires; they carry no code. */
const CLIENT_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Query read timeout',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
];

/**
 * Whether `error` (from pg, through Kysely or better-auth) means that PostgreSQL is unreachable, restarting
 * or stalled, so that the caller may retry shortly: the API answers 503 with Retry-After, not 500. The one
 * place these are recognized. A prepared statement a migration made stale is one too: its connection is
 * being replaced, and the retry prepares the statement anew (prepared-statements.ts).
 */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 3) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    // Class 08: connection exception.
    if (UNAVAILABLE_STATES.has(code) || code.startsWith('08') || NETWORK_CODES.has(code)) return true;
  }
  if (CLIENT_MESSAGES.some((message) => error.message.startsWith(message)) || isStalePlan(error)) return true;
  // Node reports "localhost" that resolves to several addresses as one AggregateError; wrappers keep a cause.
  if (
    error instanceof AggregateError &&
    error.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))
  )
    return true;
  return isDatabaseUnavailable(error.cause, depth + 1);
}
