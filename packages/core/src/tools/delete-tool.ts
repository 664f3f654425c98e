import type { OrgScope } from '../access/actor.ts';
import { findTool } from './find-tool.ts';

/**
 * Deletes a tool and its secrets. Agents that attached it keep the reference in their versions; the
 * runtime loader skips it and the agent page reports it (see load-agent-runtime).
 */
export async function deleteTool({ tx }: OrgScope, toolId: string): Promise<void> {
  await findTool(tx, toolId);
  await tx.deleteFrom('tools').where('id', '=', toolId).execute();
}
