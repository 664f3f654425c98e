import { type AgentConfig, AgentConfigSchema } from '@switchboard/contracts/agents';
import { agentFieldErrors } from './agent-fields';

/**
 * The draft checked against the agent contract before it is sent, as `agentFieldErrors`. A module of its own
 * because the contract brings zod (about 30 KB compressed): the editor loads it when Save is first pressed.
 */
export function checkAgentDraft(draft: AgentConfig): Record<string, string> {
  const parsed = AgentConfigSchema.safeParse(draft);
  if (parsed.success) return {};
  const byPath: Record<string, string> = {};
  for (const issue of parsed.error.issues) byPath[issue.path.join('.')] ??= issue.message;
  return agentFieldErrors(byPath);
}
