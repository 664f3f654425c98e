import { McpToolConfigSchema } from '@switchboard/contracts/tools';
import { withTenant } from '@switchboard/db/tenant';
import { diffMcpFunctions, listMcpTools } from '@switchboard/tools/kinds/mcp/list-mcp-tools';
import { ToolCallError } from '@switchboard/tools/tool-function';
import { sql } from 'kysely';
import { z } from 'zod';
import { toolSecretContext } from '../tools/write-tool-secrets.ts';
import type { RuntimeDeps } from './runtime-deps.ts';

const PayloadSchema = z.object({ organizationId: z.uuid(), refreshId: z.uuid() });

/**
 * The worker-tier half of "Refresh tools": opens the MCP tool's credential, lists the server's tools
 * through the egress guard, stores them as the tool's functions (apply_mcp_tool_list, only while the tool
 * still points at the URL listed) and records what changed. A failure is an outcome, not a job error.
 */
export async function refreshMcpTools(deps: RuntimeDeps, payload: unknown): Promise<void> {
  const { organizationId, refreshId } = PayloadSchema.parse(payload);
  const tenant = { orgId: organizationId };
  const loaded = await withTenant(deps.workerDb, tenant, async (tx) => {
    const refresh = await tx
      .selectFrom('mcpToolRefreshes')
      .select(['toolId', 'url', 'status'])
      .where('id', '=', refreshId)
      .executeTakeFirst();
    if (refresh?.status !== 'pending') return undefined;
    const tool = await tx
      .selectFrom('tools')
      .select(['config'])
      .where('id', '=', refresh.toolId)
      .where('kind', '=', 'mcp')
      .executeTakeFirst();
    const secrets = await tx
      .selectFrom('toolSecrets')
      .select(['name', 'ciphertext'])
      .where('toolId', '=', refresh.toolId)
      .execute();
    return { refresh, tool, secrets };
  });
  if (!loaded) return;
  const { refresh, tool } = loaded;

  let outcome: { result: Record<string, unknown> } | { error: string };
  try {
    if (!tool) throw new ToolCallError('The tool was deleted');
    const config = McpToolConfigSchema.parse(tool.config);
    if (config.url !== refresh.url) throw new ToolCallError('The tool’s URL changed since; refresh again');
    const secrets = Object.fromEntries(
      loaded.secrets.map((secret) => [
        secret.name,
        deps.secretBox.open(secret.ciphertext, toolSecretContext(refresh.toolId, secret.name)),
      ]),
    );
    const functions = await listMcpTools({
      url: config.url,
      auth: config.auth,
      secrets,
      fetch: deps.egress.fetch,
      timeoutMs: config.timeoutMs,
    });
    const changes = diffMcpFunctions(config.functions, functions);
    const applied = await withTenant(deps.workerDb, tenant, async (tx) => {
      const { rows } = await sql<{ applied: boolean | null }>`
        select apply_mcp_tool_list(${refresh.toolId}, ${refresh.url}, ${JSON.stringify(functions)}::jsonb,
          ${JSON.stringify({ at: new Date().toISOString(), changes })}::jsonb) as applied`.execute(tx);
      return rows[0]?.applied === true;
    });
    if (!applied) throw new ToolCallError('The tool was deleted or its URL changed meanwhile; refresh again');
    outcome = { result: { ...changes, count: functions.length } };
  } catch (error) {
    if (!(error instanceof ToolCallError)) {
      deps.logger?.warn(`MCP refresh ${refreshId} failed unexpectedly: ${String(error)}`);
    }
    outcome = {
      error:
        error instanceof ToolCallError
          ? error.message
          : 'The refresh failed unexpectedly (see the worker log)',
    };
  }

  await withTenant(deps.workerDb, tenant, (tx) =>
    tx
      .updateTable('mcpToolRefreshes')
      .set({
        status: 'result' in outcome ? 'succeeded' : 'failed',
        result: 'result' in outcome ? JSON.stringify(outcome.result) : null,
        error: 'error' in outcome ? outcome.error.slice(0, 2000) : null,
        finishedAt: new Date(),
      })
      .where('id', '=', refreshId)
      .execute(),
  );
}
