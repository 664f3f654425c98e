import type { Database } from '@switchboard/db/database';
import { withSystem, withTenant } from '@switchboard/db/tenant';
import { toolSecretContext } from '../tools/write-tool-secrets.ts';
import type { SecretBox } from './secret-box.ts';

/**
 * After a key rotation: re-seals every tool secret still sealed with a previous key under the current one,
 * organization by organization (worker role, tenant transactions). Safe to run again; idempotent.
 */
export async function resealToolSecrets(
  workerDb: Database,
  box: SecretBox,
): Promise<{ checked: number; resealed: number }> {
  const organizations = await withSystem(workerDb, 'secrets: re-seal under the current key', (tx) =>
    tx.selectFrom('organizations').select('id').execute(),
  );
  let checked = 0;
  let resealed = 0;
  for (const { id: orgId } of organizations) {
    await withTenant(workerDb, { orgId }, async (tx) => {
      const secrets = await tx
        .selectFrom('toolSecrets')
        .select(['toolId', 'name', 'ciphertext'])
        .forUpdate()
        .execute();
      for (const secret of secrets) {
        checked++;
        if (!box.isStale(secret.ciphertext)) continue;
        const context = toolSecretContext(secret.toolId, secret.name);
        await tx
          .updateTable('toolSecrets')
          .set({ ciphertext: box.seal(box.open(secret.ciphertext, context), context) })
          .where('toolId', '=', secret.toolId)
          .where('name', '=', secret.name)
          .execute();
        resealed++;
      }
    });
  }
  return { checked, resealed };
}
