import {
  type AgentFromTemplate,
  agentTemplate,
  type CreateAgentFromTemplate,
  type SuggestedTool,
  type TemplateToolNote,
} from '@switchboard/contracts/agent-templates';
import { type AgentConfig, AgentConfigSchema } from '@switchboard/contracts/agents';
import { GoogleCalendarConfigSchema, type Tool } from '@switchboard/contracts/tools';
import type { OrgScope } from '../access/actor.ts';
import type { SecretSealer } from '../secrets/secret-box.ts';
import { createTool } from '../tools/create-tool.ts';
import { listTools } from '../tools/list-tools.ts';
import type { AgentSaveDeps } from './check-model-destination.ts';
import { createAgent } from './create-agent.ts';

export interface TemplateDeps extends AgentSaveDeps {
  secretSealer: SecretSealer;
  /** Whether the installation has Google OAuth: without it a Calendar tool could never be connected. */
  googleConfigured: boolean;
}

const TOOL_NAMES = {
  call_control: 'Call control',
  google_calendar: 'Google Calendar',
  http: 'HTTP API',
  mcp: 'MCP server',
};
const WITH_ARTICLE = {
  call_control: 'a Call control',
  google_calendar: 'a Google Calendar',
  http: 'an HTTP API',
  mcp: 'an MCP server',
};

/**
 * The tool a suggestion is met by: an existing tool of that kind, else a new one where it can work (never
 * an HTTP or MCP tool, whose address only the customer knows, nor a Calendar tool the installation cannot
 * connect), and only for someone who may manage tools.
 */
async function meetSuggestion(
  scope: OrgScope,
  suggestion: SuggestedTool,
  existing: Tool[],
  deps: TemplateDeps,
): Promise<{ tool: Tool | null; outcome: TemplateToolNote['outcome']; problem: string | null }> {
  const found = existing.find((tool) => tool.kind === suggestion.kind && tool.status !== 'broken');
  if (found) return { tool: found, outcome: 'attached', problem: null };
  const why = `The agent needs ${WITH_ARTICLE[suggestion.kind]} tool to ${suggestion.purpose}.`;
  if (suggestion.kind === 'http' || suggestion.kind === 'mcp') {
    return { tool: null, outcome: 'missing', problem: why };
  }
  if (suggestion.kind === 'google_calendar' && !deps.googleConfigured) {
    return {
      tool: null,
      outcome: 'missing',
      problem: `${why} Google Calendar is not set up on this installation, so none was created; the operator of the installation can enable it.`,
    };
  }
  if (!scope.membership.permissions.includes('tools:write')) {
    return {
      tool: null,
      outcome: 'missing',
      problem: `${why} Ask someone who manages tools in this organization to add one.`,
    };
  }
  const tool = await createTool(
    scope,
    suggestion.kind === 'google_calendar'
      ? {
          kind: 'google_calendar',
          name: TOOL_NAMES.google_calendar,
          config: GoogleCalendarConfigSchema.parse({}),
        }
      : { kind: 'call_control', name: TOOL_NAMES.call_control, config: {} },
    deps,
  );
  return { tool, outcome: 'created', problem: null };
}

/** What still stands between the attached tool and the functions the template wanted. */
function remainingWork(tool: Tool, skipped: string[]): string | null {
  if (tool.kind === 'http') {
    return `Switch on the functions of “${tool.name}” the agent needs in its tools.`;
  }
  if (tool.status === 'needs_connection') {
    return `Connect a Google account on the “${tool.name}” tool’s page so the agent can use it.`;
  }
  if (skipped.includes('transfer_call')) {
    return `Set a transfer number on the “${tool.name}” tool, then switch on transfer_call in the agent.`;
  }
  return skipped.length > 0 ? `“${tool.name}” does not offer ${skipped.join(', ')}.` : null;
}

/**
 * Creates an agent from one of the templates (packages/contracts/src/agent-templates.ts): its prompt and
 * greeting, with each suggested tool attached, created, or named as missing with what to do about it.
 */
export async function createAgentFromTemplate(
  scope: OrgScope,
  input: CreateAgentFromTemplate,
  deps: TemplateDeps,
): Promise<AgentFromTemplate> {
  const template = agentTemplate(input.template);
  const base: AgentConfig = AgentConfigSchema.parse({
    name: input.name,
    systemPrompt: template.systemPrompt,
    greeting: template.greeting,
  });
  const existing = template.tools.length > 0 ? await listTools(scope) : [];
  const notes: TemplateToolNote[] = [];
  const attached = new Map<string, Set<string>>();
  for (const suggestion of template.tools) {
    const { tool, outcome, problem } = await meetSuggestion(scope, suggestion, existing, deps);
    if (!tool) {
      notes.push({ kind: suggestion.kind, outcome, toolId: null, message: problem ?? '' });
      continue;
    }
    if (outcome === 'created') existing.push(tool);
    const offered = new Set(tool.functions.map((fn) => fn.name));
    const chosen = suggestion.functions.filter((name) => offered.has(name));
    const skipped = suggestion.functions.filter((name) => !offered.has(name));
    const functions = attached.get(tool.id) ?? new Set<string>();
    for (const name of chosen) functions.add(name);
    attached.set(tool.id, functions);
    const verb = outcome === 'created' ? 'Created' : 'Attached';
    const todo = remainingWork(tool, skipped);
    notes.push({
      kind: suggestion.kind,
      outcome,
      toolId: tool.id,
      message: [`${verb} “${tool.name}”.`, todo].filter(Boolean).join(' '),
    });
  }
  const tools = [...attached].map(([toolId, functions]) => ({ toolId, functions: [...functions] }));
  const agent = await createAgent(scope, { ...base, tools }, deps);
  return { agent, tools: notes };
}
