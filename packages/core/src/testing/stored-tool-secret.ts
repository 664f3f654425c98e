import { randomUUID } from 'node:crypto';
import type { Database } from '@switchboard/db/database';
import { toolSecretContext } from '../tools/write-tool-secrets.ts';

/**
 * For tests: a new organization with one HTTP tool whose secret `name` is stored exactly as `seal` makes it
 * (any format, old or new), written by the owner. Returns the tool's id.
 */
export async function storeToolSecret(
  owner: Database,
  name: string,
  seal: (context: string) => string,
): Promise<string> {
  const organizationId = randomUUID();
  await owner
    .insertInto('organizations')
    .values({ id: organizationId, name: 'Acme', slug: `acme-${organizationId}` })
    .execute();
  const { id: toolId } = await owner
    .insertInto('tools')
    .values({ organizationId, kind: 'http', name: 'Shop', config: JSON.stringify({ functions: [] }) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await owner
    .insertInto('toolSecrets')
    .values({ organizationId, toolId, name, ciphertext: seal(toolSecretContext(toolId, name)) })
    .execute();
  return toolId;
}

/** For tests: the ciphertext stored for a tool's (only) secret. */
export async function storedCiphertext(owner: Database, toolId: string): Promise<string> {
  const row = await owner
    .selectFrom('toolSecrets')
    .select('ciphertext')
    .where('toolId', '=', toolId)
    .executeTakeFirstOrThrow();
  return row.ciphertext;
}
