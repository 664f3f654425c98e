import type { ToolTestRun } from '@switchboard/contracts/tools';
import type { Tx } from '@switchboard/db/tenant';
import { notFound } from '../errors.ts';

export async function findToolTestRun(tx: Tx, toolId: string, runId: string): Promise<ToolTestRun> {
  const run = await tx
    .selectFrom('toolTestRuns')
    .selectAll()
    .where('id', '=', runId)
    .where('toolId', '=', toolId)
    .executeTakeFirst();
  if (!run) throw notFound('Test run');
  return {
    id: run.id,
    functionName: run.functionName,
    arguments: run.arguments as Record<string, unknown>,
    status: run.status as ToolTestRun['status'],
    result: run.result,
    error: run.error,
    durationMs: run.durationMs,
    createdAt: run.createdAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}
