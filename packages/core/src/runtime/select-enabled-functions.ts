import type { AgentConfig } from '@switchboard/contracts/agents';
import type { ToolFunctionDefinition } from '@switchboard/tools/tool-function';

export interface AttachableTool<F extends ToolFunctionDefinition> {
  id: string;
  name: string;
  status: string;
  statusMessage: string | null;
  functions: F[];
}

export interface EnabledFunction<F extends ToolFunctionDefinition> {
  toolId: string;
  toolName: string;
  /** The name the model sees: the function's own, unless another tool already uses it. */
  name: string;
  function: F;
}

export interface Problem {
  toolId: string;
  message: string;
}

/**
 * The functions an agent's configuration switches on, in order, from the tools that exist now. The one
 * place that decides what the model sees, for the dashboard and for calls alike: tools deleted or broken
 * since are reported instead of offered, and a name already taken by an earlier tool gets a suffix.
 */
export function selectEnabledFunctions<F extends ToolFunctionDefinition>(
  config: Pick<AgentConfig, 'tools'>,
  tools: Map<string, AttachableTool<F>>,
): { functions: EnabledFunction<F>[]; problems: Problem[] } {
  const functions: EnabledFunction<F>[] = [];
  const problems: Problem[] = [];
  const taken = new Set<string>();
  for (const attached of config.tools) {
    const tool = tools.get(attached.toolId);
    if (!tool) {
      problems.push({
        toolId: attached.toolId,
        message: 'This tool was deleted; its functions are left out',
      });
      continue;
    }
    if (tool.status !== 'ready') {
      problems.push({
        toolId: tool.id,
        message: `${tool.name} is not ready (${tool.statusMessage ?? tool.status}); its functions are left out`,
      });
      continue;
    }
    const byName = new Map(tool.functions.map((fn) => [fn.name, fn]));
    for (const name of attached.functions) {
      const fn = byName.get(name);
      if (!fn) {
        problems.push({ toolId: tool.id, message: `${tool.name} no longer has a function named ${name}` });
        continue;
      }
      let visibleName = name;
      for (let suffix = 2; taken.has(visibleName); suffix++) visibleName = `${name.slice(0, 60)}_${suffix}`;
      taken.add(visibleName);
      functions.push({ toolId: tool.id, toolName: tool.name, name: visibleName, function: fn });
    }
  }
  return { functions, problems };
}
