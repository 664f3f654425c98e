import type { Tx } from '@switchboard/db/tenant';
import type { SecretSealer } from '../secrets/secret-box.ts';

/** The context sealed with a tool secret and checked on open: a ciphertext opens only in its own row. */
export const toolSecretContext = (toolId: string, name: string) => `tool:${toolId}:${name}`;

/**
 * Seals (with the worker tier's public key) and stores secrets; null deletes one. The API can write them
 * but never read them back: the app role cannot select the column, and it holds no key that opens them.
 */
export async function writeToolSecrets(
  tx: Tx,
  sealer: SecretSealer,
  { organizationId, toolId }: { organizationId: string; toolId: string },
  secrets: Record<string, string | null>,
): Promise<void> {
  for (const [name, value] of Object.entries(secrets)) {
    if (value === null) {
      await tx.deleteFrom('toolSecrets').where('toolId', '=', toolId).where('name', '=', name).execute();
      continue;
    }
    const ciphertext = sealer.seal(value, toolSecretContext(toolId, name));
    const replaced = await tx
      .updateTable('toolSecrets')
      .set({ ciphertext, updatedAt: new Date() })
      .where('toolId', '=', toolId)
      .where('name', '=', name)
      .executeTakeFirst();
    if (replaced.numUpdatedRows === 0n) {
      await tx.insertInto('toolSecrets').values({ organizationId, toolId, name, ciphertext }).execute();
    }
  }
}
