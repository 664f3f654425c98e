import type { ApiKey } from '@switchboard/contracts/api-keys';
import type { Permission } from '@switchboard/contracts/permissions';
import type { Tx } from '@switchboard/db/tenant';
import type { OrgScope } from '../access/actor.ts';
import { displayPrefix } from './api-key-secret.ts';

/** The columns a list shows; key_hash is not among them (the API's role cannot even read it). */
export function selectApiKeys(tx: Tx, organizationId: string) {
  return tx
    .selectFrom('apiKeys')
    .leftJoin('auth.users as creator', 'creator.id', 'apiKeys.createdBy')
    .select([
      'apiKeys.id',
      'apiKeys.name',
      'apiKeys.prefix',
      'apiKeys.permissions',
      'apiKeys.expiresAt',
      'apiKeys.lastUsedAt',
      'apiKeys.revokedAt',
      'apiKeys.createdAt',
      'creator.name as creatorName',
      'creator.email as creatorEmail',
    ])
    .where('apiKeys.organizationId', '=', organizationId);
}

type ApiKeyRow = Awaited<ReturnType<ReturnType<typeof selectApiKeys>['executeTakeFirstOrThrow']>>;

export function toApiKey(row: ApiKeyRow): ApiKey {
  return {
    id: row.id,
    name: row.name,
    prefix: displayPrefix(row.prefix),
    permissions: row.permissions as Permission[],
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    createdBy:
      row.creatorName !== null && row.creatorEmail !== null
        ? { name: row.creatorName, email: row.creatorEmail }
        : null,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Every key of the organization, newest first, revoked ones included as history; never a secret. The
 * request's last statement: it travels with the transaction's COMMIT.
 */
export async function listApiKeys({ tx, membership, commitWith }: OrgScope): Promise<ApiKey[]> {
  const rows = await commitWith(
    selectApiKeys(tx, membership.organizationId).orderBy('apiKeys.createdAt', 'desc'),
  );
  return rows.map(toApiKey);
}
