import { type AgentConfig, AgentConfigSchema } from '@switchboard/contracts/agents';
import { withTenant } from '@switchboard/db/tenant';
import type { ReadyToolFunction } from '@switchboard/tools/tool-function';
import { notFound } from '../errors.ts';
import { closeTools, type LoadedTool, loadTools } from './load-tools.ts';
import type { CallControl, RuntimeDeps } from './runtime-deps.ts';
import { type Problem, selectEnabledFunctions } from './select-enabled-functions.ts';

/** A function as the voice worker wraps it: callable, and traceable to its tool. */
export interface RuntimeFunction extends ReadyToolFunction {
  toolId: string;
  toolName: string;
  /** The tool's kind (http, google_calendar, ...), for telemetry. */
  toolKind?: string;
}

export interface AgentRuntime {
  agent: { id: string; name: string; status: string; version: number; config: AgentConfig };
  organization: { id: string; name: string; timeZone: string };
  /** Exactly the enabled functions of tools that work, in configuration order. */
  functions: RuntimeFunction[];
  /** Attached tools or functions left out, and why (deleted, broken, not connected). */
  problems: Problem[];
  /** Ends the connections the functions opened (MCP sessions); call it when the conversation is over. */
  close(): Promise<void>;
}

/**
 * Everything a call needs to run an agent: its configuration (the current version unless one is named)
 * and its enabled functions, ready to call, with secrets opened. One tenant transaction as the worker
 * role, so the organization's isolation holds here too.
 */
export async function loadAgentRuntime(
  deps: RuntimeDeps,
  target: { organizationId: string; agentId: string; version?: number },
  callControl?: CallControl,
): Promise<AgentRuntime> {
  // The agent with its version, read in the round trip that opens the transaction: each round trip here is
  // time before the call can start.
  const agentRead = deps.workerDb
    .selectFrom('agents')
    .innerJoin('organizations', 'organizations.id', 'agents.organizationId')
    .leftJoin('agentVersions', (join) =>
      join
        .onRef('agentVersions.agentId', '=', 'agents.id')
        .on((eb) => eb('agentVersions.version', '=', target.version ?? eb.ref('agents.currentVersion'))),
    )
    .select([
      'agents.id',
      'agents.name',
      'agents.status',
      'agents.currentVersion',
      'agentVersions.config',
      'organizations.name as organizationName',
      'organizations.timeZone',
    ])
    .where('agents.id', '=', target.agentId);
  return withTenant(
    deps.workerDb,
    { orgId: target.organizationId },
    async (tx, [agent]) => {
      if (!agent) throw notFound('Agent');
      const version = target.version ?? agent.currentVersion;
      if (agent.config === null) throw notFound(`Version ${version} of the agent`);
      const config = AgentConfigSchema.parse(agent.config);

      const tools = await loadTools(
        tx,
        deps,
        config.tools.map((tool) => tool.toolId),
        callControl,
      );
      return agentRuntimeOf(
        { id: agent.id, name: agent.name, status: agent.status, version, config },
        { id: target.organizationId, name: agent.organizationName, timeZone: agent.timeZone },
        tools,
      );
    },
    { firstRead: agentRead },
  );
}

/** An agent's runtime from its configuration and its loaded tools: what the model is offered, in order. */
export function agentRuntimeOf(
  agent: AgentRuntime['agent'],
  organization: AgentRuntime['organization'],
  tools: Map<string, LoadedTool>,
): AgentRuntime {
  const { functions, problems } = selectEnabledFunctions(agent.config, tools);
  return {
    agent,
    organization,
    functions: functions.map(({ toolId, toolName, name, function: fn }) => ({
      toolId,
      toolName,
      toolKind: tools.get(toolId)?.kind ?? 'unknown',
      name,
      description: fn.description,
      parameters: fn.parameters,
      mutates: fn.mutates,
      ...(fn.phoneOnly && { phoneOnly: true }),
      execute: (args, signal) => fn.execute(args, signal),
    })),
    problems,
    close: () => closeTools(tools.values()),
  };
}
