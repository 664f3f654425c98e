import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@switchboard/contracts/passwords';
import { databaseOverDialect, type SystemDatabase } from '@switchboard/db/database';
import { withSystem } from '@switchboard/db/tenant';
import { betterAuth } from 'better-auth';
import type { Dialect } from 'kysely';
import { enqueueEmail } from '../email/enqueue-email.ts';
import { authSchemaOptions } from './auth-schema.ts';
import { clearSignInFailures } from './clear-sign-in-failures.ts';
import { databaseUnavailablePlugin } from './database-unavailable-plugin.ts';
import { passwordPolicyPlugin } from './password-policy-plugin.ts';
import { promoteFirstUser } from './promote-first-user.ts';
import { signInThrottleKey } from './sign-in-throttle.ts';
import { signInThrottlePlugin } from './sign-in-throttle-plugin.ts';

export interface AuthConfig {
  /** The public origin of the dashboard; auth lives under `${baseURL}/api/auth`. */
  baseURL: string;
  secret: string;
  google?: { clientId: string; clientSecret: string } | undefined;
  /**
   * How long a session read from the database is trusted from a signed cookie instead (better-auth's
   * cookie cache); 0 reads it from the database on every request. Also how long a revoked session, a
   * demoted platform admin or a changed name keeps working where the cookie was copied
   * (docs/security/accounts.md).
   */
  sessionCacheSeconds: number;
  /** Sign-ups and sign-ins allowed per client address and minute (better-auth's rate limit). */
  signInPerMinute?: number;
}

export interface AuthDeps {
  config: AuthConfig;
  /** The system role's pool, for the outbox and the first-user promotion (not tenant work). */
  systemDb: SystemDatabase;
  /** A plain dialect on the auth role, the only one that reads better-auth's tables, for its own queries. */
  dialect: Dialect;
}

const MINUTE = 60;

/** AUTH_SESSION_CACHE_SECONDS unless set: how long a revoked session still works where its cookie is held. */
export const DEFAULT_SESSION_CACHE_SECONDS = 30;
export const DEFAULT_SIGN_IN_PER_MINUTE = 10;

/** better-auth for Switchboard: email + password with verification and reset, Google, rate limits, uuid ids. */
export function createAuth({ config, systemDb, dialect }: AuthDeps) {
  const sendAuthEmail = (reason: string, email: Parameters<typeof enqueueEmail>[1]) =>
    withSystem(systemDb, reason, (tx) => enqueueEmail(tx, email));
  // Our own queries on better-auth's connection: the per-account sign-in throttle.
  const authDb = databaseOverDialect(dialect);
  const dashboard = config.baseURL.replace(/\/$/, '');

  return betterAuth({
    ...authSchemaOptions,
    baseURL: config.baseURL,
    basePath: '/api/auth',
    secret: config.secret,
    trustedOrigins: [config.baseURL],
    database: { dialect, type: 'postgres', schemaName: 'auth' },
    // The session and user signed into a short-lived cookie (HMAC with the secret): most requests skip the
    // session look-up. Membership and permissions are still read in each request's tenant transaction.
    session: {
      ...authSchemaOptions.session,
      cookieCache: { enabled: config.sessionCacheSeconds > 0, maxAge: config.sessionCacheSeconds },
    },
    // Errors that are not better-auth's own (a database that is down, a bug) reach the API's error table,
    // which answers 503 for the first and logs the second, instead of better-auth's bare 500. Its own
    // APIErrors (4xx) still become responses in its router.
    onAPIError: { throw: true },
    // Reset tokens (and OAuth states) are stored as their SHA-256: a copy of auth.verifications yields no
    // working link. Verification links carry a signed JWT and are not stored at all.
    verification: { ...authSchemaOptions.verification, storeIdentifier: 'hashed' },
    emailAndPassword: {
      enabled: true,
      // The rule itself (with the common-password list) is passwordPolicyPlugin's; these are better-auth's
      // own backstop for any path the plugin does not cover.
      minPasswordLength: PASSWORD_MIN_LENGTH,
      maxPasswordLength: PASSWORD_MAX_LENGTH,
      // No session before the address is verified. With it, sign-up answers an address that already has
      // an account exactly as a new one (no session, a synthetic user), and emails its owner instead.
      requireEmailVerification: true,
      onExistingUserSignUp: async ({ user }) => {
        await sendAuthEmail('auth: sign-up attempt on an existing account', {
          to: user.email,
          template: 'sign-up-attempt',
          data: {
            name: user.name,
            signInUrl: `${dashboard}/sign-in`,
            resetUrl: `${dashboard}/forgot-password`,
          },
        });
      },
      onPasswordReset: async ({ user }) => {
        await clearSignInFailures(authDb, signInThrottleKey(config.secret, user.email));
      },
      resetPasswordTokenExpiresIn: 60 * MINUTE,
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: async ({ user, url }) => {
        await sendAuthEmail('auth: password reset email', {
          to: user.email,
          template: 'reset-password',
          data: { name: user.name, url },
        });
      },
    },
    emailVerification: {
      sendOnSignUp: true,
      autoSignInAfterVerification: true,
      afterEmailVerification: async (user) => {
        await promoteFirstUser(systemDb, user.id);
      },
      expiresIn: 24 * 60 * MINUTE,
      sendVerificationEmail: async ({ user, url }) => {
        await sendAuthEmail('auth: verification email', {
          to: user.email,
          template: 'verify-email',
          data: { name: user.name, url },
        });
      },
    },
    socialProviders: config.google
      ? { google: { clientId: config.google.clientId, clientSecret: config.google.clientSecret } }
      : {},
    account: {
      ...authSchemaOptions.account,
      accountLinking: { enabled: true, trustedProviders: ['google'] },
    },
    rateLimit: {
      ...authSchemaOptions.rateLimit,
      window: MINUTE,
      max: 300,
      customRules: {
        '/sign-in/email': { window: MINUTE, max: config.signInPerMinute ?? DEFAULT_SIGN_IN_PER_MINUTE },
        '/sign-up/email': { window: MINUTE, max: config.signInPerMinute ?? DEFAULT_SIGN_IN_PER_MINUTE },
        '/request-password-reset': { window: MINUTE, max: 5 },
        '/send-verification-email': { window: MINUTE, max: 5 },
      },
    },
    advanced: {
      ...authSchemaOptions.advanced,
      // The API computes the client address itself (honouring only trusted proxies) and hands it over here.
      ipAddress: { ipAddressHeaders: ['x-switchboard-client-ip'] },
    },
    databaseHooks: {
      user: {
        create: {
          // Google accounts arrive verified; email sign-ups are promoted once they verify (above).
          after: async (user) => {
            if (user.emailVerified) await promoteFirstUser(systemDb, user.id);
          },
        },
      },
    },
    plugins: [
      passwordPolicyPlugin(),
      signInThrottlePlugin({ authDb, secret: config.secret }),
      databaseUnavailablePlugin(),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
