/** What the greeting says for {{caller_number}} when the caller has no number (a web call, a hidden ID). */
export const UNKNOWN_CALLER = 'there';

export interface GreetingVariables {
  agentName: string;
  organizationName: string;
  /** The caller's phone number, when LiveKit SIP reported one. */
  callerNumber?: string | undefined;
}

/**
 * Fills {{agent_name}}, {{organization_name}} and {{caller_number}} (spaces inside the braces allowed).
 * The agent configuration rejects other variables, so anything else is left as written.
 */
export function fillGreeting(greeting: string, variables: GreetingVariables): string {
  const values: Record<string, string> = {
    agent_name: variables.agentName,
    organization_name: variables.organizationName,
    caller_number: variables.callerNumber?.trim() || UNKNOWN_CALLER,
  };
  return greeting.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (match, name: string) => values[name] ?? match);
}
