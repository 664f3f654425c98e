import type { AgentFunctions } from '@switchboard/contracts/agents';
import type { ToolKind } from '@switchboard/contracts/tools';
import { functionDefinitionsOf } from '@switchboard/tools/function-definitions';
import type { OrgScope } from '../access/actor.ts';
import { selectEnabledFunctions } from '../runtime/select-enabled-functions.ts';
import { findAgent } from './find-agent.ts';

/** Exactly the functions the model will see on the agent's next call, and what was left out and why. */
export async function describeAgentFunctions({ tx }: OrgScope, agentId: string): Promise<AgentFunctions> {
  const agent = await findAgent(tx, agentId);
  const toolIds = agent.config.tools.map((tool) => tool.toolId);
  const rows =
    toolIds.length === 0
      ? []
      : await tx
          .selectFrom('tools')
          .select(['id', 'kind', 'name', 'config', 'status', 'statusMessage'])
          .where('id', 'in', toolIds)
          .execute();
  const tools = new Map(
    rows.map((row) => [
      row.id,
      { ...row, functions: functionDefinitionsOf(row.kind as ToolKind, row.config) },
    ]),
  );
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
