import type { ApiKey } from '@switchboard/contracts/api-keys';
import type { OrgScope } from '../access/actor.ts';
import { notFound } from '../errors.ts';
import { selectApiKeys, toApiKey } from './list-api-keys.ts';

/**
 * Revokes a key at once (the next request with it gets 401). Anyone with api_keys:manage may revoke any
 * key of the organization, including one with more permissions than they hold: revoking only takes power
 * away, and whoever spots a leaked key should be able to stop it. Revoking twice changes nothing.
 */
export async function revokeApiKey({ tx, actor, membership }: OrgScope, keyId: string): Promise<ApiKey> {
  await tx
    .updateTable('apiKeys')
    .set({ revokedAt: new Date(), revokedBy: actor.userId })
    .where('organizationId', '=', membership.organizationId)
    .where('id', '=', keyId)
    .where('revokedAt', 'is', null)
    .execute();
  const row = await selectApiKeys(tx, membership.organizationId)
    .where('apiKeys.id', '=', keyId)
    .executeTakeFirst();
  if (!row) throw notFound('API key');
  return toApiKey(row);
}
