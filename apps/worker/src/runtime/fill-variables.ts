/** What a spoken text (greeting, voicemail message) says for {{caller_number}} when the caller has no number. */
export const UNKNOWN_CALLER = 'there';

export interface CallContext {
  agentName: string;
  organizationName: string;
  /** The caller's phone number, when LiveKit SIP reported one (inbound phone calls). */
  callerNumber?: string | undefined;
  /** The call's own variables (calls.variables: an outbound call's, given to the API). */
  variables?: Readonly<Record<string, string>> | undefined;
}

/** A `{{name}}` slot, spaces inside the braces allowed; names as the agent configuration accepts them. */
const SLOT = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * The values of one call's slots: its variables, then the built-in ones (agent_name, organization_name,
 * caller_number when known), which a variable of the same name cannot replace.
 */
export function callValues(context: CallContext): Record<string, string> {
  const callerNumber = context.callerNumber?.trim();
  return {
    ...context.variables,
    agent_name: context.agentName,
    organization_name: context.organizationName,
    ...(callerNumber && { caller_number: callerNumber }),
  };
}

/**
 * The one place `{{name}}` slots are filled (prompt, greeting, voicemail message). A slot the call has no
 * value for becomes empty text: the caller must never hear braces read out, and the model must not take a
 * left-over slot for an instruction. Values are inserted as text, never read as templates themselves.
 */
export function fillVariables(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(SLOT, (_, name: string) => (Object.hasOwn(values, name) ? values[name]! : ''));
}

/** Text the agent speaks: a neutral word for an unknown caller number, and on one line. */
export function fillSpoken(template: string, values: Readonly<Record<string, string>>): string {
  return fillVariables(template, { caller_number: UNKNOWN_CALLER, ...values })
    .replace(/\s+/g, ' ')
    .trim();
}

/** A call's stored variables (calls.variables, jsonb) as text values; anything else is left out. */
export function textVariables(stored: unknown): Record<string, string> {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return {};
  return Object.fromEntries(
    Object.entries(stored).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}
