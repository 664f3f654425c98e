import type { AgentFunctions } from '@switchboard/contracts/agents';
import type { OrgScope } from '../access/actor.ts';
import { selectEnabledFunctions } from '../runtime/select-enabled-functions.ts';
import { attachedTools } from './attached-tools.ts';
import { findAgent } from './find-agent.ts';

/** Exactly the functions the model will see on the agent's next call, and what was left out and why. */
export async function describeAgentFunctions({ tx }: OrgScope, agentId: string): Promise<AgentFunctions> {
  const agent = await findAgent(tx, agentId);
  const tools = await attachedTools(tx, agent.config);
  const { functions, problems } = selectEnabledFunctions(agent.config, tools);
  return {
    functions: functions.map((fn) => ({
      toolId: fn.toolId,
      toolName: fn.toolName,
      name: fn.name,
      description: fn.function.description,
    })),
    problems,
  };
}
