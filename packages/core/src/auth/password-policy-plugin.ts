import type { BetterAuthPlugin } from 'better-auth';
import { APIError, createAuthMiddleware } from 'better-auth/api';
import { checkPassword } from './check-password.ts';

/** The endpoints that set a password, and the body field that carries it. */
const PASSWORD_FIELDS: Record<string, string> = {
  '/sign-up/email': 'password',
  '/reset-password': 'newPassword',
  '/change-password': 'newPassword',
};

/**
 * Refuses a new password that breaks the rule (checkPassword) before better-auth hashes it, with a 400 that
 * names the field: `{ code, message, details: [{ path, message }] }`, the shape the API's validation uses.
 * Sign-up checks it whether or not the address has an account, so the answer reveals nothing about it.
 */
export function passwordPolicyPlugin(): BetterAuthPlugin {
  return {
    id: 'switchboard-password-policy',
    hooks: {
      before: [
        {
          matcher: (context) => context.path !== undefined && context.path in PASSWORD_FIELDS,
          handler: createAuthMiddleware(async (ctx) => {
            const field = PASSWORD_FIELDS[ctx.path ?? ''];
            const password: unknown = field ? ctx.body?.[field] : undefined;
            // Anything but a string is for better-auth's own validation to refuse.
            if (!field || typeof password !== 'string') return;
            const problem = checkPassword(password);
            if (problem) {
              throw new APIError('BAD_REQUEST', {
                code: problem.code,
                message: problem.message,
                details: [{ path: field, message: problem.message }],
              });
            }
          }),
        },
      ],
    },
  };
}
