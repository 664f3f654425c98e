import { voice } from '@livekit/agents';
import type { AgentRuntime } from '@switchboard/core/runtime/load-agent-runtime';
import { fillGreeting } from './fill-greeting.ts';
import { type WrapToolsOptions, wrapTools } from './wrap-tools.ts';

export interface BuildAgentOptions {
  /** The caller's phone number, when there is one (phone calls). */
  callerNumber?: string | undefined;
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
  const instructions = [config.systemPrompt.trim(), contextLine(runtime, options.now ?? new Date())]
    .filter(Boolean)
    .join('\n\n');
  const greeting = fillGreeting(config.greeting, {
    agentName: config.name,
    organizationName: runtime.organization.name,
    callerNumber: options.callerNumber,
  })
    // One line: spoken text has no line breaks, and the instruction above must stay one line.
    .replace(/\s+/g, ' ')
    .trim();
  return new TenantAgent({ instructions, tools: wrapTools(runtime.functions, options.tools) }, greeting);
}
