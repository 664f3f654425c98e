import type { Permission } from '@switchboard/contracts/permissions';
import type { SystemDatabase } from '@switchboard/db/database';
import { withSystem } from '@switchboard/db/tenant';
import type { Actor } from '../access/actor.ts';
import { AppError } from '../errors.ts';
import { apiKeyMatches, apiKeyPrefix } from './api-key-secret.ts';

/** last_used_at moves at most this often: one write a minute per busy key, not one per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

const refused = () =>
  new AppError('UNAUTHENTICATED', 'This API key is not valid: it may be mistyped, expired or revoked');

/**
 * The actor a presented API key stands for, or 401. The organization is not known yet, so the lookup goes
 * through the system door by the key's public prefix, then compares hashes in constant time. A key acts
 * for the member who created it: while that person is a member of the key's organization, with the key's
 * permissions narrowed to their role's by inOrganization. Every refusal reads the same.
 */
export async function authenticateApiKey(systemDb: SystemDatabase, presented: string): Promise<Actor> {
  const prefix = apiKeyPrefix(presented);
  if (!prefix) throw refused();
  return withSystem(systemDb, 'authenticate an API key', async (tx) => {
    const key = await tx
      .selectFrom('apiKeys')
      .innerJoin('memberships', (join) =>
        join
          .onRef('memberships.organizationId', '=', 'apiKeys.organizationId')
          .onRef('memberships.userId', '=', 'apiKeys.createdBy'),
      )
      .innerJoin('auth.users as creator', 'creator.id', 'apiKeys.createdBy')
      .select([
        'apiKeys.id',
        'apiKeys.organizationId',
        'apiKeys.name',
        'apiKeys.keyHash',
        'apiKeys.permissions',
        'apiKeys.expiresAt',
        'apiKeys.lastUsedAt',
        'apiKeys.revokedAt',
        'apiKeys.createdBy',
        'creator.email',
        'creator.emailVerified',
      ])
      .where('apiKeys.prefix', '=', prefix)
      .executeTakeFirst();
    const now = Date.now();
    if (
      !key ||
      !apiKeyMatches(presented, key.keyHash) ||
      key.revokedAt !== null ||
      (key.expiresAt !== null && key.expiresAt.getTime() <= now)
    ) {
      throw refused();
    }
    if (key.lastUsedAt === null || now - key.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      await tx
        .updateTable('apiKeys')
        .set({ lastUsedAt: new Date(now) })
        .where('id', '=', key.id)
        .execute();
    }
    return {
      userId: key.createdBy,
      name: `API key "${key.name}"`,
      email: key.email,
      emailVerified: key.emailVerified,
      // Platform administration is never reachable with a key, whoever created it.
      isPlatformAdmin: false,
      apiKey: {
        id: key.id,
        organizationId: key.organizationId,
        permissions: key.permissions as Permission[],
      },
    };
  });
}
