import type { CreateToolTestRun, ToolTestRun } from '@switchboard/contracts/tools';
import type { OrgScope } from '../access/actor.ts';
import { invalidFields } from '../errors.ts';
import { enqueueJob } from '../jobs/enqueue-job.ts';
import { findTool } from './find-tool.ts';
import { findToolTestRun } from './find-tool-test-run.ts';

export const RUN_TOOL_TEST_TASK = 'run_tool_test';

/**
 * Queues a run of one function for the worker tier, in the same transaction as its record, so a run is
 * never lost or run twice. The API never opens the tool's secrets; the job does.
 */
export async function requestToolTestRun(
  { tx, actor, membership }: OrgScope,
  toolId: string,
  input: CreateToolTestRun,
): Promise<ToolTestRun> {
  const tool = await findTool(tx, toolId);
  if (!tool.functions.some((fn) => fn.name === input.functionName)) {
    throw invalidFields([{ path: 'functionName', message: `No function named ${input.functionName}` }]);
  }
  const { id } = await tx
    .insertInto('toolTestRuns')
    .values({
      organizationId: membership.organizationId,
      toolId,
      functionName: input.functionName,
      arguments: JSON.stringify(input.arguments),
      requestedBy: actor.userId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  // One attempt: a failed run is recorded as failed, and repeating a booking would not be harmless.
  await enqueueJob(tx, RUN_TOOL_TEST_TASK, { organizationId: membership.organizationId, runId: id }, 1);
  return findToolTestRun(tx, toolId, id);
}
