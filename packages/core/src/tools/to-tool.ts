import {
  HttpToolConfigSchema,
  McpToolConfigSchema,
  type Tool,
  type ToolKind,
} from '@switchboard/contracts/tools';
import type { Tx } from '@switchboard/db/tenant';
import { functionDefinitionsOf } from '@switchboard/tools/function-definitions';
import { secretsUsedBy } from '@switchboard/tools/kinds/http/destinations';
import { mcpSecretsUsedBy } from '@switchboard/tools/kinds/mcp/mcp-destinations';

export function selectTools(tx: Tx) {
  return tx
    .selectFrom('tools')
    .select(['id', 'kind', 'name', 'config', 'status', 'statusMessage', 'createdAt', 'updatedAt']);
}

type ToolRow = Awaited<ReturnType<ReturnType<typeof selectTools>['executeTakeFirstOrThrow']>>;

/** Secret names only: the API role cannot read a secret's value, and nothing here asks for it. */
export async function secretNamesByTool(tx: Tx, toolIds: string[]): Promise<Map<string, string[]>> {
  if (toolIds.length === 0) return new Map();
  const rows = await tx
    .selectFrom('toolSecrets')
    .select(['toolId', 'name'])
    .where('toolId', 'in', toolIds)
    .orderBy('name')
    .execute();
  const names = new Map<string, string[]>();
  for (const row of rows) names.set(row.toolId, [...(names.get(row.toolId) ?? []), row.name]);
  return names;
}

function secretsUsedByTool(kind: ToolKind, config: unknown): Set<string> {
  if (kind === 'http') return secretsUsedBy(HttpToolConfigSchema.parse(config));
  if (kind === 'mcp') return mcpSecretsUsedBy(McpToolConfigSchema.parse(config));
  return new Set();
}

export function toTool(row: ToolRow, secretNames: string[]): Tool {
  const kind = row.kind as ToolKind;
  return {
    id: row.id,
    kind,
    name: row.name,
    status: row.status as Tool['status'],
    statusMessage: row.statusMessage,
    config: row.config,
    secrets: secretNames.map((name) => ({ name, configured: true as const })),
    missingSecrets: [...secretsUsedByTool(kind, row.config)]
      .filter((name) => !secretNames.includes(name))
      .sort(),
    functions: functionDefinitionsOf(kind, row.config),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
