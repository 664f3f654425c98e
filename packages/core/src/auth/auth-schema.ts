import type { BetterAuthOptions } from 'better-auth';

/**
 * The part of the better-auth configuration that shapes its tables. Shared by the running auth instance and
 * `npm run db:auth-sql`, which turns it into a committed migration: snake_case tables and columns in schema
 * `auth`, uuid ids, and our own `is_platform_admin` flag on users.
 */
export const authSchemaOptions = {
  user: {
    modelName: 'users',
    fields: { emailVerified: 'email_verified', createdAt: 'created_at', updatedAt: 'updated_at' },
    additionalFields: {
      isPlatformAdmin: {
        type: 'boolean',
        required: false,
        defaultValue: false,
        input: false,
        fieldName: 'is_platform_admin',
      },
    },
  },
  session: {
    modelName: 'sessions',
    fields: {
      expiresAt: 'expires_at',
      ipAddress: 'ip_address',
      userAgent: 'user_agent',
      userId: 'user_id',
      createdAt: 'created_at',
      updatedAt: 'updated_at',
    },
  },
  account: {
    modelName: 'accounts',
    fields: {
      accountId: 'account_id',
      providerId: 'provider_id',
      userId: 'user_id',
      accessToken: 'access_token',
      refreshToken: 'refresh_token',
      idToken: 'id_token',
      accessTokenExpiresAt: 'access_token_expires_at',
      refreshTokenExpiresAt: 'refresh_token_expires_at',
      createdAt: 'created_at',
      updatedAt: 'updated_at',
    },
  },
  verification: {
    modelName: 'verifications',
    fields: { expiresAt: 'expires_at', createdAt: 'created_at', updatedAt: 'updated_at' },
  },
  rateLimit: {
    enabled: true,
    storage: 'database',
    modelName: 'rate_limits',
    fields: { lastRequest: 'last_request' },
  },
  advanced: { database: { generateId: 'uuid' } },
} satisfies Partial<BetterAuthOptions>;
