import { type McpRefresh, McpToolConfigSchema } from '@switchboard/contracts/tools';
import type { OrgScope } from '../../access/actor.ts';
import { AppError } from '../../errors.ts';
import { enqueueJob } from '../../jobs/enqueue-job.ts';
import { findTool } from '../find-tool.ts';
import { findMcpRefresh } from './find-mcp-refresh.ts';

export const REFRESH_MCP_TOOLS_TASK = 'refresh_mcp_tools';

/**
 * Queues "Refresh tools" of an MCP tool for the worker tier, which lists the server with the tool's
 * credential (the API never opens it) and stores the list as the tool's functions. The URL is recorded:
 * a list from a server the tool no longer points at is not stored.
 */
export async function requestMcpRefresh(
  { tx, actor, membership }: OrgScope,
  toolId: string,
): Promise<McpRefresh> {
  const tool = await findTool(tx, toolId);
  if (tool.kind !== 'mcp') throw new AppError('VALIDATION_ERROR', 'Only an MCP server tool lists its tools');
  const { url } = McpToolConfigSchema.parse(tool.config);
  const { id } = await tx
    .insertInto('mcpToolRefreshes')
    .values({ organizationId: membership.organizationId, toolId, url, requestedBy: actor.userId })
    .returning('id')
    .executeTakeFirstOrThrow();
  // One attempt: a failure is an outcome the dashboard shows, and the person can refresh again.
  await enqueueJob(
    tx,
    REFRESH_MCP_TOOLS_TASK,
    { organizationId: membership.organizationId, refreshId: id },
    1,
  );
  return findMcpRefresh(tx, toolId, id);
}
