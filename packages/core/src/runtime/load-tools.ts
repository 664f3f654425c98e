import type { Tx } from '@switchboard/db/tenant';
import type { ReadyToolFunction } from '@switchboard/tools/tool-function';
import { toolSecretContext } from '../tools/write-tool-secrets.ts';
import { buildToolFunctions } from './build-tool-functions.ts';
import type { CallControl, RuntimeDeps } from './runtime-deps.ts';
import type { AttachableTool } from './select-enabled-functions.ts';

/**
 * Reads tools and opens their secrets inside the caller's tenant transaction (worker role), then builds
 * their functions. A tool that cannot be built is returned as not ready, with the reason.
 */
export async function loadTools(
  tx: Tx,
  deps: RuntimeDeps,
  toolIds: string[],
  callControl: CallControl | undefined,
): Promise<Map<string, AttachableTool<ReadyToolFunction>>> {
  if (toolIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('tools')
    .select(['id', 'organizationId', 'kind', 'name', 'config', 'status', 'statusMessage'])
    .where('id', 'in', toolIds)
    .execute();
  const sealed = await tx
    .selectFrom('toolSecrets')
    .select(['toolId', 'name', 'ciphertext'])
    .where('toolId', 'in', toolIds)
    .execute();

  const tools = new Map<string, AttachableTool<ReadyToolFunction>>();
  for (const row of rows) {
    if (row.status !== 'ready') {
      tools.set(row.id, { ...row, functions: [] });
      continue;
    }
    try {
      // Opened here, per tool: a secret that no longer opens (a lost key) takes out its tool, not the call.
      const secrets = Object.fromEntries(
        sealed
          .filter((secret) => secret.toolId === row.id)
          .map((secret) => [
            secret.name,
            deps.secretBox.open(secret.ciphertext, toolSecretContext(row.id, secret.name)),
          ]),
      );
      tools.set(row.id, { ...row, functions: buildToolFunctions(deps, row, secrets, callControl) });
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'it cannot be built';
      deps.logger?.warn(`tool ${row.id} cannot be used: ${reason}`);
      tools.set(row.id, { ...row, status: 'broken', statusMessage: reason, functions: [] });
    }
  }
  return tools;
}
