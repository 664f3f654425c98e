import { withTenant } from '@switchboard/db/tenant';
import type { GoogleCredentials } from '@switchboard/tools/kinds/google-calendar/google-connection';
import { revokeGoogleToken } from '@switchboard/tools/kinds/google-calendar/google-oauth';
import { z } from 'zod';
import { toolSecretContext } from '../tools/write-tool-secrets.ts';
import { GOOGLE_TOKENS_SECRET } from './build-tool-functions.ts';
import type { RuntimeDeps } from './runtime-deps.ts';

const PayloadSchema = z.object({ organizationId: z.uuid(), toolId: z.uuid(), storedAt: z.iso.datetime() });

/** The worker-tier half of disconnecting Google: revoke the grant, then forget the tokens. Retried on failure. */
export async function revokeGoogleTokens(deps: RuntimeDeps, payload: unknown): Promise<void> {
  const { organizationId, toolId, storedAt } = PayloadSchema.parse(payload);
  await withTenant(deps.workerDb, { orgId: organizationId }, async (tx) => {
    const stored = await tx
      .selectFrom('toolSecrets')
      .select(['ciphertext', 'updatedAt'])
      .where('toolId', '=', toolId)
      .where('name', '=', GOOGLE_TOKENS_SECRET)
      .forUpdate()
      .executeTakeFirst();
    // Reconnected since (newer tokens) or already forgotten: nothing of the old grant is left here.
    if (!stored || stored.updatedAt.getTime() !== Date.parse(storedAt)) return;
    const credentials = JSON.parse(
      deps.secretBox.open(stored.ciphertext, toolSecretContext(toolId, GOOGLE_TOKENS_SECRET)),
    ) as GoogleCredentials;
    await revokeGoogleToken({
      token: credentials.refreshToken,
      ...(deps.google?.endpoints && { endpoints: deps.google.endpoints }),
    });
    await tx
      .deleteFrom('toolSecrets')
      .where('toolId', '=', toolId)
      .where('name', '=', GOOGLE_TOKENS_SECRET)
      .execute();
  });
}
