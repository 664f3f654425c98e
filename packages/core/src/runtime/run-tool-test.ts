import { withTenant } from '@switchboard/db/tenant';
import { traceToolCall } from '@switchboard/telemetry/tool-telemetry';
import { ToolCallError } from '@switchboard/tools/tool-function';
import { z } from 'zod';
import { closeTools, type LoadedTool, loadTools } from './load-tools.ts';
import type { RuntimeDeps } from './runtime-deps.ts';

const PayloadSchema = z.object({ organizationId: z.uuid(), runId: z.uuid() });
const TEST_RUN_TIMEOUT_MS = 60_000;

/**
 * The worker-tier half of "test a function": loads the tool exactly as a call would, runs the function,
 * and records the outcome. Failures are outcomes, not job errors: the job itself succeeds.
 */
export async function runToolTest(deps: RuntimeDeps, payload: unknown): Promise<void> {
  const { organizationId, runId } = PayloadSchema.parse(payload);
  const tenant = { orgId: organizationId };
  const run = await withTenant(deps.workerDb, tenant, (tx) =>
    tx
      .selectFrom('toolTestRuns')
      .select(['toolId', 'functionName', 'arguments', 'status'])
      .where('id', '=', runId)
      .executeTakeFirst(),
  );
  if (run?.status !== 'pending') return;

  const startedAt = performance.now();
  let outcome: { status: 'succeeded'; result: unknown } | { status: 'failed'; error: string };
  let tools: Map<string, LoadedTool> | undefined;
  try {
    tools = await withTenant(deps.workerDb, tenant, (tx) => loadTools(tx, deps, [run.toolId], undefined));
    const tool = tools.get(run.toolId);
    const fn = tool?.functions.find((candidate) => candidate.name === run.functionName);
    if (!tool) outcome = { status: 'failed', error: 'The tool was deleted' };
    else if (!fn)
      outcome = { status: 'failed', error: tool.statusMessage ?? `No function named ${run.functionName}` };
    else {
      const result = await traceToolCall({ kind: tool.kind, functionName: fn.name, source: 'test_run' }, () =>
        fn.execute(run.arguments, AbortSignal.timeout(TEST_RUN_TIMEOUT_MS)),
      );
      outcome = { status: 'succeeded', result: result ?? null };
    }
  } catch (error) {
    if (!(error instanceof ToolCallError))
      deps.logger?.warn(`test run ${runId} failed unexpectedly: ${String(error)}`);
    outcome = {
      status: 'failed',
      error:
        error instanceof ToolCallError
          ? error.message
          : 'The function failed unexpectedly (see the worker log)',
    };
  } finally {
    if (tools) await closeTools(tools.values());
  }

  await withTenant(deps.workerDb, tenant, (tx) =>
    tx
      .updateTable('toolTestRuns')
      .set({
        status: outcome.status,
        result: outcome.status === 'succeeded' ? JSON.stringify(outcome.result) : null,
        error: outcome.status === 'failed' ? outcome.error : null,
        durationMs: Math.round(performance.now() - startedAt),
        finishedAt: new Date(),
      })
      .where('id', '=', runId)
      .execute(),
  );
}
