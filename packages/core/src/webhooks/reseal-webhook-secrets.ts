import type { Database, SystemDatabase } from '@switchboard/db/database';
import { withSystem, withTenant } from '@switchboard/db/tenant';
import type { SecretBox } from '../secrets/secret-box.ts';
import { SecretBoxError } from '../secrets/secret-box-error.ts';
import { webhookSecretContext } from './webhook-secret.ts';

/**
 * The webhook half of re-sealing after a key-pair rotation (as resealToolSecrets for tool secrets): every
 * endpoint's signing secret still sealed for an older key is sealed again for the current one, organization
 * by organization. Idempotent. A secret no configured key opens is left as it is and reported by endpoint
 * id: its deliveries fail saying so until the secret is rotated.
 */
export async function resealWebhookSecrets(
  { systemDb, workerDb }: { systemDb: SystemDatabase; workerDb: Database },
  box: SecretBox,
): Promise<{ checked: number; resealed: number; unopenable: string[] }> {
  const organizations = await withSystem(
    systemDb,
    'secrets: re-seal webhook secrets under the current key',
    (tx) => tx.selectFrom('organizations').select('id').execute(),
  );
  let checked = 0;
  let resealed = 0;
  const unopenable: string[] = [];
  for (const { id: orgId } of organizations) {
    await withTenant(workerDb, { orgId }, async (tx) => {
      const endpoints = await tx
        .selectFrom('webhookEndpoints')
        .select(['id', 'secretCiphertext'])
        .forUpdate()
        .execute();
      for (const endpoint of endpoints) {
        checked++;
        if (!box.isStale(endpoint.secretCiphertext)) continue;
        const context = webhookSecretContext(endpoint.id);
        let secret: string;
        try {
          secret = box.open(endpoint.secretCiphertext, context);
        } catch (error) {
          if (!(error instanceof SecretBoxError)) throw error;
          unopenable.push(endpoint.id);
          continue;
        }
        await tx
          .updateTable('webhookEndpoints')
          .set({ secretCiphertext: box.seal(secret, context) })
          .where('id', '=', endpoint.id)
          .execute();
        resealed++;
      }
    });
  }
  return { checked, resealed, unopenable };
}
