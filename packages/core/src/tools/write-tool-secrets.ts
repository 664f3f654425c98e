import type { Tx } from '@switchboard/db/tenant';
import type { SecretBox } from '../secrets/secret-box.ts';

/** The authenticated context of a sealed tool secret: a ciphertext opens only in its own row. */
export const toolSecretContext = (toolId: string, name: string) => `tool:${toolId}:${name}`;

/** Seals and stores secrets (null deletes one). The API role can write them but never read them back. */
export async function writeToolSecrets(
  tx: Tx,
  box: SecretBox,
  { organizationId, toolId }: { organizationId: string; toolId: string },
  secrets: Record<string, string | null>,
): Promise<void> {
  for (const [name, value] of Object.entries(secrets)) {
    if (value === null) {
      await tx.deleteFrom('toolSecrets').where('toolId', '=', toolId).where('name', '=', name).execute();
      continue;
    }
    const ciphertext = box.seal(value, toolSecretContext(toolId, name));
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
