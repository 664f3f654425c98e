import type { AgentConfig } from '@switchboard/contracts/agents';
import type { Tx } from '@switchboard/db/tenant';
import { type FieldProblem, invalidFields } from '../errors.ts';
import { attachedTools } from './attached-tools.ts';

async function offeredFunctions(tx: Tx, config: AgentConfig): Promise<Map<string, Set<string>>> {
  const tools = await attachedTools(tx, config);
  return new Map([...tools].map(([id, tool]) => [id, new Set(tool.functions.map((fn) => fn.name))]));
}

/** Refuses a configuration that attaches a tool the organization does not have, or a function it lacks. */
export async function checkAgentTools(tx: Tx, config: AgentConfig): Promise<void> {
  const offeredByTool = await offeredFunctions(tx, config);
  const problems: FieldProblem[] = [];
  for (const [index, attached] of config.tools.entries()) {
    const offered = offeredByTool.get(attached.toolId);
    if (!offered) {
      problems.push({ path: `tools.${index}.toolId`, message: 'No such tool in this organization' });
      continue;
    }
    for (const name of attached.functions) {
      if (!offered.has(name)) {
        problems.push({
          path: `tools.${index}.functions`,
          message: `The tool has no function named ${name}`,
        });
      }
    }
  }
  if (problems.length > 0) {
    throw invalidFields(problems);
  }
}

/** The configuration without tools deleted since, or functions they no longer offer (restore, duplicate). */
export async function withoutMissingTools(tx: Tx, config: AgentConfig): Promise<AgentConfig> {
  const offeredByTool = await offeredFunctions(tx, config);
  const tools = config.tools.flatMap((attached) => {
    const offered = offeredByTool.get(attached.toolId);
    return offered
      ? [{ ...attached, functions: attached.functions.filter((name) => offered.has(name)) }]
      : [];
  });
  return { ...config, tools };
}
