import { type McpRefresh, McpRefreshSchema } from '@switchboard/contracts/tools';
import type { Tx } from '@switchboard/db/tenant';
import { notFound } from '../../errors.ts';

export async function findMcpRefresh(tx: Tx, toolId: string, refreshId: string): Promise<McpRefresh> {
  const row = await tx
    .selectFrom('mcpToolRefreshes')
    .select(['id', 'status', 'result', 'error', 'createdAt', 'finishedAt'])
    .where('id', '=', refreshId)
    .where('toolId', '=', toolId)
    .executeTakeFirst();
  if (!row) throw notFound('Refresh');
  return McpRefreshSchema.parse({
    ...row,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  });
}
