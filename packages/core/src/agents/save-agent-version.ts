import type { Agent, AgentConfig } from '@switchboard/contracts/agents';
import type { OrgScope } from '../access/actor.ts';
import { checkAnalysisSettings } from '../analysis/check-analysis-settings.ts';
import { notFound } from '../errors.ts';
import { checkAgentTools } from './check-agent-tools.ts';
import { type AgentSaveDeps, checkModelDestination } from './check-model-destination.ts';
import { findAgent } from './find-agent.ts';

/** Stores `config` as the agent's next version and makes it current. */
export async function saveAgentVersion(
  { tx, actor, membership }: OrgScope,
  agentId: string,
  config: AgentConfig,
  { egress }: AgentSaveDeps,
): Promise<Agent> {
  await checkModelDestination(config.model, egress);
  // The row lock serialises concurrent saves, so two editors cannot both write version n + 1.
  const agent = await tx
    .selectFrom('agents')
    .select('currentVersion')
    .where('id', '=', agentId)
    .forUpdate()
    .executeTakeFirst();
  if (!agent) throw notFound('Agent');
  await checkAgentTools(tx, config);
  checkAnalysisSettings(config.analysis);
  const version = agent.currentVersion + 1;
  await tx
    .insertInto('agentVersions')
    .values({
      organizationId: membership.organizationId,
      agentId,
      version,
      config: JSON.stringify(config),
      createdBy: actor.userId,
    })
    .execute();
  await tx
    .updateTable('agents')
    .set({ name: config.name, currentVersion: version, updatedAt: new Date() })
    .where('id', '=', agentId)
    .execute();
  return findAgent(tx, agentId);
}
