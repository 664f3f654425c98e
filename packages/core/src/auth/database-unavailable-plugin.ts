import { isDatabaseUnavailable } from '@switchboard/db/database-unavailable';
import type { BetterAuthPlugin } from 'better-auth';
import { createAuthMiddleware, isAPIError } from 'better-auth/api';

/**
 * Some of better-auth's endpoints (get-session) turn a failed query into its own 500, keeping the database
 * error as the cause. When that cause says the database is unavailable, this throws it instead, past
 * better-auth's router (onAPIError.throw), so the API's error table answers 503 with Retry-After.
 */
export function databaseUnavailablePlugin(): BetterAuthPlugin {
  return {
    id: 'switchboard-database-unavailable',
    hooks: {
      after: [
        {
          matcher: () => true,
          handler: createAuthMiddleware(async (ctx) => {
            const returned: unknown = ctx.context.returned;
            if (isAPIError(returned) && isDatabaseUnavailable(returned.cause)) throw returned.cause;
          }),
        },
      ],
    },
  };
}
