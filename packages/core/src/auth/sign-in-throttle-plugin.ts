import type { Database } from '@switchboard/db/database';
import type { BetterAuthPlugin } from 'better-auth';
import { APIError, createAuthMiddleware, isAPIError } from 'better-auth/api';
import { claimSignInAttempt } from './claim-sign-in-attempt.ts';
import { clearSignInFailures } from './clear-sign-in-failures.ts';
import { signInThrottleKey } from './sign-in-throttle.ts';

const SIGN_IN = '/sign-in/email';

function whenToRetry(seconds: number): string {
  const at = new Date(Date.now() + seconds * 1000).toISOString().slice(11, 16);
  const wait = seconds < 60 ? `${seconds} seconds` : `${Math.ceil(seconds / 60)} minutes`;
  return `Try again in ${wait} (after ${at} UTC), or reset your password.`;
}

/**
 * The per-account sign-in throttle (sign-in-throttle.ts) around better-auth's email sign-in. It complements
 * the per-address rate limit: guesses spread over many client addresses, or behind a forged
 * X-Forwarded-For, still count against the one account. A locked account answers 429 with Retry-After.
 */
export function signInThrottlePlugin({
  authDb,
  secret,
}: {
  authDb: Database;
  secret: string;
}): BetterAuthPlugin {
  const keyOf = (body: unknown) => {
    const email = (body as { email?: unknown } | undefined)?.email;
    return typeof email === 'string' ? signInThrottleKey(secret, email) : null;
  };
  return {
    id: 'switchboard-sign-in-throttle',
    hooks: {
      before: [
        {
          matcher: (context) => context.path === SIGN_IN,
          handler: createAuthMiddleware(async (ctx) => {
            const key = keyOf(ctx.body);
            if (!key) return;
            const lockedFor = await claimSignInAttempt(authDb, key);
            if (lockedFor === null) return;
            throw new APIError(
              'TOO_MANY_REQUESTS',
              {
                code: 'ACCOUNT_LOCKED',
                message: `Too many unsuccessful sign-ins for this account. ${whenToRetry(lockedFor)}`,
                retryAfterSeconds: lockedFor,
              },
              { 'Retry-After': String(lockedFor) },
            );
          }),
        },
      ],
      after: [
        {
          matcher: (context) => context.path === SIGN_IN,
          handler: createAuthMiddleware(async (ctx) => {
            const key = keyOf(ctx.body);
            const outcome = ctx.context.returned;
            // The password was right: signed in, or refused only because the address is not verified yet.
            const passwordWasRight = isAPIError(outcome)
              ? (outcome.body as { code?: string } | undefined)?.code === 'EMAIL_NOT_VERIFIED'
              : outcome !== undefined;
            if (key && passwordWasRight) await clearSignInFailures(authDb, key);
          }),
        },
      ],
    },
  };
}
