import { voice } from '@livekit/agents';
import type { AgentRuntime } from '@switchboard/core/runtime/load-agent-runtime';
import { callValues, fillSpoken, fillVariables } from './fill-variables.ts';
import { type PhoneFunctionsOptions, phoneFunctions } from './phone-functions.ts';
import { type WrapToolsOptions, wrapTools } from './wrap-tools.ts';

/** What the call's line can do beyond a conversation; absent on web and chat calls. */
export interface PhoneCallOptions extends Omit<PhoneFunctionsOptions, 'voicemail'> {
  direction: 'inbound' | 'outbound';
}

export interface BuildAgentOptions {
  /** The caller's phone number, when there is one (phone calls). */
  callerNumber?: string | undefined;
  /** The call's own variables (calls.variables), for `{{name}}` slots in the prompt and greeting. */
  variables?: Readonly<Record<string, string>> | undefined;
  /**
   * A phone call: phone-only functions (transfer_call) are offered, with send_dtmf, and on outbound calls
   * detected_answering_machine per the agent's voicemail setting. Without it they are not offered at all.
   */
  phone?: PhoneCallOptions | undefined;
  /** The moment the call starts; the instructions tell the model today's date in the organization. */
  now?: Date;
  tools?: WrapToolsOptions;
}

/**
 * How the greeting is asked for. One line starting with "instructions:" so LiveKit's FakeLLM can key on
 * it in tests; a real model reads it as the instruction it is.
 */
export function greetingInstructions(greeting: string): string {
  return `instructions: greet the caller by saying exactly this, word for word, and nothing else: "${greeting}"`;
}

/** The line appended to the system prompt: where and when the organization is, and the call's language. */
export function contextLine(runtime: AgentRuntime, now: Date): string {
  const { timeZone, name } = runtime.organization;
  const when = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    dateStyle: 'full',
    timeStyle: 'short',
  }).format(now);
  return `${name} is in the time zone ${timeZone}; it is now ${when} there. Speak ${runtime.agent.config.language} unless the caller speaks another language.`;
}

/** A tenant's agent for one call: its prompt, its enabled functions, and its greeting on entry. */
export class TenantAgent extends voice.Agent {
  readonly greeting: string;

  constructor(options: voice.AgentOptions<unknown>, greeting: string) {
    super(options);
    this.greeting = greeting;
  }

  override async onEnter(): Promise<void> {
    // An empty greeting means the caller speaks first.
    if (this.greeting) this.session.generateReply({ instructions: greetingInstructions(this.greeting) });
  }
}

/** Turns a loaded agent runtime into the LiveKit agent that runs the call. */
export function buildAgent(runtime: AgentRuntime, options: BuildAgentOptions = {}): TenantAgent {
  const { config } = runtime.agent;
  const values = callValues({
    agentName: config.name,
    organizationName: runtime.organization.name,
    callerNumber: options.callerNumber,
    variables: options.variables,
  });
  const instructions = [
    fillVariables(config.systemPrompt, values).trim(),
    contextLine(runtime, options.now ?? new Date()),
  ]
    .filter(Boolean)
    .join('\n\n');
  // One line: spoken text has no line breaks, and the greeting instruction must stay one line.
  const greeting = fillSpoken(config.greeting, values);
  const { phone } = options;
  const functions = [
    // Offer only what the channel can do: a web caller "transferred" would just be hung up on.
    ...runtime.functions.filter((fn) => phone || !fn.phoneOnly),
    ...(phone
      ? phoneFunctions({
          ...phone,
          voicemail:
            phone.direction === 'outbound'
              ? {
                  action: config.phone.voicemail.action,
                  message: fillSpoken(config.phone.voicemail.message, values),
                }
              : undefined,
        })
      : []),
  ];
  return new TenantAgent({ instructions, tools: wrapTools(functions, options.tools) }, greeting);
}
