import type { AgentConfig } from '@switchboard/contracts/agents';
import type { ToolKind } from '@switchboard/contracts/tools';
import type { Tx } from '@switchboard/db/tenant';
import { functionDefinitionsOf } from '@switchboard/tools/function-definitions';
import type { ToolFunctionDefinition } from '@switchboard/tools/tool-function';
import type { AttachableTool } from '../runtime/select-enabled-functions.ts';

/** The tools a configuration attaches that still exist, with the functions each offers (no secrets). */
export async function attachedTools(
  tx: Tx,
  config: Pick<AgentConfig, 'tools'>,
): Promise<Map<string, AttachableTool<ToolFunctionDefinition>>> {
  if (config.tools.length === 0) return new Map();
  const rows = await tx
    .selectFrom('tools')
    .select(['id', 'kind', 'name', 'config', 'status', 'statusMessage'])
    .where(
      'id',
      'in',
      config.tools.map((tool) => tool.toolId),
    )
    .execute();
  return new Map(
    rows.map((row) => [
      row.id,
      { ...row, functions: functionDefinitionsOf(row.kind as ToolKind, row.config) },
    ]),
  );
}
