import type { Tx } from '@switchboard/db/tenant';
import type { ReadyToolFunction } from '@switchboard/tools/tool-function';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { toolSecretContext } from '../tools/write-tool-secrets.ts';
import { buildToolFunctions } from './build-tool-functions.ts';
import type { CallControl, RuntimeDeps } from './runtime-deps.ts';
import type { AttachableTool } from './select-enabled-functions.ts';

/**
 * A tool as loaded for a call or a test run; its kind names it in telemetry. `close` ends what its
 * functions opened (an MCP server's session) and is called once the conversation or test run is over.
 */
export type LoadedTool = AttachableTool<ReadyToolFunction> & {
  kind: string;
  close?: (() => Promise<void>) | undefined;
};

/** Ends every connection the loaded tools' functions opened; never throws. */
export async function closeTools(tools: Iterable<LoadedTool>): Promise<void> {
  await Promise.all([...tools].map((tool) => tool.close?.().catch(() => undefined)));
}

/**
 * Reads tools and opens their secrets inside the caller's tenant transaction (worker role), then builds
 * their functions. A tool that cannot be built is returned as not ready, with the reason.
 */
export async function loadTools(
  tx: Tx,
  deps: RuntimeDeps,
  toolIds: string[],
  callControl: CallControl | undefined,
): Promise<Map<string, LoadedTool>> {
  if (toolIds.length === 0) return new Map();
  // Tools with their sealed secrets in one query: each round trip here is time before the call can start.
  const rows = await tx
    .selectFrom('tools')
    .select((eb) => [
      'id',
      'organizationId',
      'kind',
      'name',
      'config',
      'status',
      'statusMessage',
      jsonArrayFrom(
        eb
          .selectFrom('toolSecrets')
          .select(['toolSecrets.name', 'toolSecrets.ciphertext'])
          .whereRef('toolSecrets.toolId', '=', 'tools.id'),
      ).as('secrets'),
    ])
    .where('id', 'in', toolIds)
    .execute();

  const tools = new Map<string, LoadedTool>();
  for (const { secrets: sealed, ...row } of rows) {
    if (row.status !== 'ready') {
      tools.set(row.id, { ...row, functions: [] });
      continue;
    }
    try {
      // Opened here, per tool: a secret that no longer opens (a lost key) takes out its tool, not the call.
      const secrets = Object.fromEntries(
        sealed.map((secret) => [
          secret.name,
          deps.secretBox.open(secret.ciphertext, toolSecretContext(row.id, secret.name)),
        ]),
      );
      const built = buildToolFunctions(deps, row, secrets, callControl);
      tools.set(row.id, { ...row, functions: built.functions, close: built.close });
    } catch (error) {
      const reason = error instanceof Error ? error.message : 'it cannot be built';
      deps.logger?.warn(`tool ${row.id} cannot be used: ${reason}`);
      tools.set(row.id, { ...row, status: 'broken', statusMessage: reason, functions: [] });
    }
  }
  return tools;
}
