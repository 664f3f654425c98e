import type { Agent, AgentConfig } from '@switchboard/contracts/agents';
import type { OrgScope } from '../access/actor.ts';
import { findAgent } from './find-agent.ts';
import { saveAgentVersion } from './save-agent-version.ts';

/** Every save is a new numbered version, even when nothing changed: the history shows each save. */
export async function updateAgent(scope: OrgScope, agentId: string, config: AgentConfig): Promise<Agent> {
  await findAgent(scope.tx, agentId);
  return saveAgentVersion(scope, agentId, config);
}
