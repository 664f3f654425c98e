import type { Database, SystemDatabase } from '@switchboard/db/database';
import { withSystem, withTenant } from '@switchboard/db/tenant';
import { toolSecretContext } from '../tools/write-tool-secrets.ts';
import type { SecretBox } from './secret-box.ts';
import { SecretBoxError } from './secret-box-error.ts';

/**
 * After a key-pair rotation, or to migrate values of the former AES format: re-seals every tool secret
 * still sealed for an older key under the current key pair, organization by organization (worker role,
 * tenant transactions; the system role only lists the organizations). Safe to run again; idempotent. A
 * value no configured key opens is left as it is and reported: its tool already reports itself broken.
 */
export async function resealToolSecrets(
  { systemDb, workerDb }: { systemDb: SystemDatabase; workerDb: Database },
  box: SecretBox,
): Promise<{ checked: number; resealed: number; unopenable: { toolId: string; name: string }[] }> {
  const organizations = await withSystem(systemDb, 'secrets: re-seal under the current key', (tx) =>
    tx.selectFrom('organizations').select('id').execute(),
  );
  let checked = 0;
  let resealed = 0;
  const unopenable: { toolId: string; name: string }[] = [];
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
        let plaintext: string;
        try {
          plaintext = box.open(secret.ciphertext, context);
        } catch (error) {
          if (!(error instanceof SecretBoxError)) throw error;
          unopenable.push({ toolId: secret.toolId, name: secret.name });
          continue;
        }
        await tx
          .updateTable('toolSecrets')
          .set({ ciphertext: box.seal(plaintext, context) })
          .where('toolId', '=', secret.toolId)
          .where('name', '=', secret.name)
          .execute();
        resealed++;
      }
    });
  }
  return { checked, resealed, unopenable };
}
