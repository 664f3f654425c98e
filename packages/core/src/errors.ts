/** Every failure a use case can report. The API maps each code to an HTTP status in one place. */
export type AppErrorCode =
  | 'VALIDATION_ERROR'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'EMAIL_NOT_VERIFIED'
  | 'WRONG_ACCOUNT'
  | 'NOT_FOUND'
  | 'LAST_ADMIN'
  | 'ROLE_IN_USE'
  | 'ROLE_EXISTS'
  | 'ALREADY_MEMBER'
  | 'INVITATION_PENDING'
  | 'INVITATION_CLOSED'
  | 'AGENT_ARCHIVED'
  | 'VOICE_NOT_CONFIGURED'
  | 'MODEL_NOT_CONFIGURED'
  /** Metering is on and the balance is not above zero (402 with the balance and how to add credits). */
  | 'INSUFFICIENT_CREDITS'
  /** Today's usage reached the organization's daily spend cap. */
  | 'DAILY_SPEND_CAP_REACHED'
  /** As many calls are open as the organization's concurrent-call limit allows. */
  | 'CONCURRENT_CALL_LIMIT'
  /** Phone calls need LiveKit SIP and a Twilio account the operator has not configured (docs/phone.md). */
  | 'PHONE_NOT_CONFIGURED'
  /** A Google Calendar tool needs the operator's Google OAuth client (GOOGLE_CLIENT_ID / _SECRET). */
  | 'GOOGLE_NOT_CONFIGURED'
  /** The organization's Twilio connection or the number is not set up (yet, or it failed). */
  | 'PHONE_NOT_READY'
  /** A Stripe Price already mapped to another plan or pack. */
  | 'STRIPE_PRICE_IN_USE'
  /** The organization already has a live subscription: change plans in the Customer Portal. */
  | 'ALREADY_SUBSCRIBED'
  /** Stripe refused or could not be reached (502). */
  | 'PAYMENT_PROVIDER_ERROR'
  /** A webhook delivery still in its retry schedule cannot be redelivered by hand yet. */
  | 'DELIVERY_PENDING'
  /** A test chat that has ended (reset, idle, or the agent hung up) takes no more messages. */
  | 'CHAT_ENDED'
  /** A test chat's previous message is still being answered. */
  | 'CHAT_BUSY'
  | 'PAYLOAD_TOO_LARGE'
  | 'TOO_COMPLEX'
  | 'BUSY'
  /** PostgreSQL is unreachable, restarting or stalled: retry shortly (503 with Retry-After). */
  | 'DATABASE_UNAVAILABLE'
  | 'INVALID_SIGNATURE'
  | 'FOREIGN_ORIGIN'
  | 'RATE_LIMITED';

export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** How long a client should wait before retrying while the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

export function databaseUnavailable(): AppError {
  return new AppError(
    'DATABASE_UNAVAILABLE',
    'The database is unavailable right now; try again in a few seconds.',
    { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
  );
}

export function notFound(what: string): AppError {
  return new AppError('NOT_FOUND', `${what} not found`);
}

export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * A 400 that names each field, in the one shape request validation uses too: the dashboard shows each
 * message next to its input.
 */
export function invalidFields(problems: FieldProblem[], where = 'body'): AppError {
  const summary = problems.map(({ path, message }) => (path ? `${path}: ${message}` : message)).join('; ');
  return new AppError('VALIDATION_ERROR', `Invalid ${where}: ${summary}`, problems);
}
