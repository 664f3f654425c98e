import type { CreateApiKey, CreatedApiKey } from '@switchboard/contracts/api-keys';
import { CreateApiKeySchema } from '@switchboard/contracts/api-keys';
import type { OrgScope } from '../access/actor.ts';
import { authorizeGrant } from '../access/authorize.ts';
import { AppError } from '../errors.ts';
import { generateApiKey } from './api-key-secret.ts';
import { selectApiKeys, toApiKey } from './list-api-keys.ts';

/**
 * A new key with at most the creator's own permissions; the secret is returned here and nowhere else.
 * A key cannot mint keys, whatever it holds: a leaked key could otherwise outlive its own revocation.
 */
export async function createApiKey(
  { tx, actor, membership }: OrgScope,
  input: CreateApiKey,
): Promise<CreatedApiKey> {
  if (actor.apiKey) {
    throw new AppError(
      'FORBIDDEN',
      'API keys cannot create API keys: create keys signed in to the dashboard',
    );
  }
  const { name, permissions, expiresAt } = CreateApiKeySchema.parse(input);
  authorizeGrant(membership, permissions);
  if (expiresAt !== null && new Date(expiresAt).getTime() <= Date.now()) {
    throw new AppError('VALIDATION_ERROR', 'The expiry must be in the future', [
      { path: 'expiresAt', message: 'Must be in the future' },
    ]);
  }
  const { key, prefix, hash } = generateApiKey();
  const { id } = await tx
    .insertInto('apiKeys')
    .values({
      organizationId: membership.organizationId,
      name,
      prefix,
      keyHash: hash,
      permissions: [...new Set(permissions)],
      expiresAt: expiresAt === null ? null : new Date(expiresAt),
      createdBy: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const row = await selectApiKeys(tx, membership.organizationId)
    .where('apiKeys.id', '=', id)
    .executeTakeFirstOrThrow();
  return { apiKey: toApiKey(row), secret: key };
}
