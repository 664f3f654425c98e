import type { Agent, AgentConfig } from '@switchboard/contracts/agents';
import type { OrgScope } from '../access/actor.ts';
import { checkAnalysisSettings } from '../analysis/check-analysis-settings.ts';
import { checkAgentTools } from './check-agent-tools.ts';
import { type AgentSaveDeps, checkModelDestination } from './check-model-destination.ts';
import { findAgent } from './find-agent.ts';

export async function createAgent(
  { tx, actor, membership }: OrgScope,
  config: AgentConfig,
  { egress }: AgentSaveDeps,
): Promise<Agent> {
  await checkModelDestination(config.model, egress);
  await checkAgentTools(tx, config);
  checkAnalysisSettings(config.analysis);
  const { id } = await tx
    .insertInto('agents')
    .values({ organizationId: membership.organizationId, name: config.name })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('agentVersions')
    .values({
      organizationId: membership.organizationId,
      agentId: id,
      version: 1,
      config: JSON.stringify(config),
      createdBy: actor.userId,
    })
    .execute();
  return findAgent(tx, id);
}
