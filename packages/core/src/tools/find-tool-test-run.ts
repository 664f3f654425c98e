import type { ToolTestRun } from '@switchboard/contracts/tools';
import type { Tx } from '@switchboard/db/tenant';
import type { OrgScope } from '../access/actor.ts';
import { notFound } from '../errors.ts';

function selectTestRun(tx: Tx, toolId: string, runId: string) {
  return tx.selectFrom('toolTestRuns').selectAll().where('id', '=', runId).where('toolId', '=', toolId);
}

type TestRunRow = Awaited<ReturnType<ReturnType<typeof selectTestRun>['executeTakeFirstOrThrow']>>;

export async function findToolTestRun(tx: Tx, toolId: string, runId: string): Promise<ToolTestRun> {
  return theRun(await selectTestRun(tx, toolId, runId).execute());
}

/**
 * A test run as the dashboard polls it: findToolTestRun as the request's last statement, which travels with
 * the transaction's COMMIT.
 */
export async function getToolTestRun(
  { tx, commitWith }: OrgScope,
  toolId: string,
  runId: string,
): Promise<ToolTestRun> {
  return theRun(await commitWith(selectTestRun(tx, toolId, runId)));
}

function theRun([run]: TestRunRow[]): ToolTestRun {
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
