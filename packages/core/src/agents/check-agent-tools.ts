import type { AgentConfig } from '@switchboard/contracts/agents';
import type { ToolKind } from '@switchboard/contracts/tools';
import type { Tx } from '@switchboard/db/tenant';
import { functionDefinitionsOf } from '@switchboard/tools/function-definitions';
import { AppError } from '../errors.ts';

async function offeredFunctions(tx: Tx, config: AgentConfig): Promise<Map<string, Set<string>>> {
  if (config.tools.length === 0) return new Map();
  const tools = await tx
    .selectFrom('tools')
    .select(['id', 'kind', 'config'])
    .where(
      'id',
      'in',
      config.tools.map((tool) => tool.toolId),
    )
    .execute();
  return new Map(
    tools.map((tool) => [
      tool.id,
      new Set(functionDefinitionsOf(tool.kind as ToolKind, tool.config).map((fn) => fn.name)),
    ]),
  );
}

/** Refuses a configuration that attaches a tool the organization does not have, or a function it lacks. */
export async function checkAgentTools(tx: Tx, config: AgentConfig): Promise<void> {
  const offeredByTool = await offeredFunctions(tx, config);
  const problems: { path: string; message: string }[] = [];
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
    throw new AppError('VALIDATION_ERROR', problems.map((problem) => problem.message).join('; '), problems);
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
