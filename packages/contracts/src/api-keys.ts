import { z } from 'zod';
import { TimestampSchema, UuidSchema } from './common.ts';
import { PermissionSchema } from './permissions.ts';

/**
 * `sb_key_<prefix>_<secret>`: the prefix (12 × base32) is public and names the key in lists and logs; the
 * secret is 32 random bytes in base64url. The fixed lengths make a key easy to spot in a leaked file.
 */
export const API_KEY_PATTERN = /^sb_key_([a-z2-7]{12})_([A-Za-z0-9_-]{43})$/;

export const ApiKeySchema = z
  .object({
    id: UuidSchema,
    name: z.string(),
    /** `sb_key_<prefix>`: enough to recognize a key, useless to use it. */
    prefix: z.string(),
    permissions: z.array(PermissionSchema),
    expiresAt: TimestampSchema.nullable(),
    lastUsedAt: TimestampSchema.nullable(),
    revokedAt: TimestampSchema.nullable(),
    createdBy: z.object({ name: z.string(), email: z.string() }).nullable(),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'ApiKey' });
export type ApiKey = z.infer<typeof ApiKeySchema>;

export const CreateApiKeySchema = z.strictObject({
  name: z.string().trim().min(1).max(80),
  permissions: z.array(PermissionSchema).min(1, 'Choose at least one permission'),
  /** Omit or null for a key that does not expire; must be in the future. */
  expiresAt: TimestampSchema.nullable().default(null),
});
export type CreateApiKey = z.input<typeof CreateApiKeySchema>;

/** The only response that ever carries the secret: shown once, stored only as a hash. */
export const CreatedApiKeySchema = z
  .object({ apiKey: ApiKeySchema, secret: z.string() })
  .meta({ id: 'CreatedApiKey' });
export type CreatedApiKey = z.infer<typeof CreatedApiKeySchema>;

export const ApiKeyParamsSchema = z.object({ orgId: UuidSchema, keyId: UuidSchema });
