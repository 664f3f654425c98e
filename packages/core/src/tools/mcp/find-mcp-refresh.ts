import { type McpRefresh, McpRefreshSchema } from '@switchboard/contracts/tools';
import type { Tx } from '@switchboard/db/tenant';
import type { OrgScope } from '../../access/actor.ts';
import { notFound } from '../../errors.ts';

function selectRefresh(tx: Tx, toolId: string, refreshId: string) {
  return tx
    .selectFrom('mcpToolRefreshes')
    .select(['id', 'status', 'result', 'error', 'createdAt', 'finishedAt'])
    .where('id', '=', refreshId)
    .where('toolId', '=', toolId);
}

type RefreshRow = Awaited<ReturnType<ReturnType<typeof selectRefresh>['executeTakeFirstOrThrow']>>;

export async function findMcpRefresh(tx: Tx, toolId: string, refreshId: string): Promise<McpRefresh> {
  return theRefresh(await selectRefresh(tx, toolId, refreshId).execute());
}

/**
 * A refresh as the dashboard polls it: findMcpRefresh as the request's last statement, which travels with
 * the transaction's COMMIT.
 */
export async function getMcpRefresh(
  { tx, commitWith }: OrgScope,
  toolId: string,
  refreshId: string,
): Promise<McpRefresh> {
  return theRefresh(await commitWith(selectRefresh(tx, toolId, refreshId)));
}

function theRefresh([row]: RefreshRow[]): McpRefresh {
  if (!row) throw notFound('Refresh');
  return McpRefreshSchema.parse({
    ...row,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  });
}
