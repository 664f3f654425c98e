import type { Agent, AgentConfig } from '@switchboard/contracts/agents';
import type { OrgScope } from '../access/actor.ts';
import type { AgentSaveDeps } from './check-model-destination.ts';
import { saveAgentVersion } from './save-agent-version.ts';

/** Every save is a new numbered version, even when nothing changed: the history shows each save. */
export function updateAgent(
  scope: OrgScope,
  agentId: string,
  config: AgentConfig,
  deps: AgentSaveDeps,
): Promise<Agent> {
  return saveAgentVersion(scope, agentId, config, deps);
}
