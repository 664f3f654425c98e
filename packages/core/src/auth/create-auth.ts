import type { Database } from '@switchboard/db/database';
import { withSystem } from '@switchboard/db/tenant';
import { betterAuth } from 'better-auth';
import type { Dialect } from 'kysely';
import { enqueueEmail } from '../email/enqueue-email.ts';
import { authSchemaOptions } from './auth-schema.ts';
import { promoteFirstUser } from './promote-first-user.ts';

export interface AuthConfig {
  /** The public origin of the dashboard; auth lives under `${baseURL}/api/auth`. */
  baseURL: string;
  secret: string;
  google?: { clientId: string; clientSecret: string } | undefined;
}

export interface AuthDeps {
  config: AuthConfig;
  /** The API's database (app role), for the outbox and the first-user promotion. */
  db: Database;
  /** A plain dialect on the same role for better-auth's own queries. */
  dialect: Dialect;
}

const MINUTE = 60;

/** better-auth for Switchboard: email + password with verification and reset, Google, rate limits, uuid ids. */
export function createAuth({ config, db, dialect }: AuthDeps) {
  const sendAuthEmail = (reason: string, email: Parameters<typeof enqueueEmail>[1]) =>
    withSystem(db, reason, (tx) => enqueueEmail(tx, email));

  return betterAuth({
    ...authSchemaOptions,
    baseURL: config.baseURL,
    basePath: '/api/auth',
    secret: config.secret,
    trustedOrigins: [config.baseURL],
    database: { dialect, type: 'postgres', schemaName: 'auth' },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 8,
      maxPasswordLength: 128,
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
        '/sign-in/email': { window: MINUTE, max: 10 },
        '/sign-up/email': { window: MINUTE, max: 10 },
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
          after: async (user) => {
            await promoteFirstUser(db, user.id);
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;
