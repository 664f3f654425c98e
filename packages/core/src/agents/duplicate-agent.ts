import type { Agent } from '@switchboard/contracts/agents';
import type { OrgScope } from '../access/actor.ts';
import { withoutMissingTools } from './check-agent-tools.ts';
import type { AgentSaveDeps } from './check-model-destination.ts';
import { createAgent } from './create-agent.ts';
import { findAgent } from './find-agent.ts';

/** A new agent starting from the current configuration of another, with its own history. */
export async function duplicateAgent(scope: OrgScope, agentId: string, deps: AgentSaveDeps): Promise<Agent> {
  const original = await findAgent(scope.tx, agentId);
  const name = `${original.config.name} (copy)`.slice(0, 120);
  return createAgent(scope, await withoutMissingTools(scope.tx, { ...original.config, name }), deps);
}
