import { type Agent, AgentConfigSchema } from '@switchboard/contracts/agents';
import type { OrgScope } from '../access/actor.ts';
import { notFound } from '../errors.ts';
import { withoutMissingTools } from './check-agent-tools.ts';
import type { AgentSaveDeps } from './check-model-destination.ts';
import { findAgent } from './find-agent.ts';
import { saveAgentVersion } from './save-agent-version.ts';

/**
 * Restoring never rewrites history: the old configuration becomes the newest version (minus tools deleted
 * since).
 */
export async function restoreAgentVersion(
  scope: OrgScope,
  agentId: string,
  version: number,
  deps: AgentSaveDeps,
): Promise<Agent> {
  await findAgent(scope.tx, agentId);
  const row = await scope.tx
    .selectFrom('agentVersions')
    .select('config')
    .where('agentId', '=', agentId)
    .where('version', '=', version)
    .executeTakeFirst();
  if (!row) throw notFound(`Version ${version}`);
  const config = await withoutMissingTools(scope.tx, AgentConfigSchema.parse(row.config));
  return saveAgentVersion(scope, agentId, config, deps);
}
