import { z } from 'zod';
import { AgentSchema } from './agents.ts';
import { UuidSchema } from './common.ts';
import { type ToolKind, ToolKindSchema } from './tools.ts';

export const AGENT_TEMPLATE_IDS = [
  'blank',
  'customer_support',
  'appointment_setter',
  'order_status',
  'lead_qualification',
] as const;
export const AgentTemplateIdSchema = z.enum(AGENT_TEMPLATE_IDS);
export type AgentTemplateId = z.infer<typeof AgentTemplateIdSchema>;

/** A tool a template wants attached, and the functions of it the agent should use. */
export interface SuggestedTool {
  kind: ToolKind;
  functions: readonly string[];
  /** Why the agent wants it, shown when the tool cannot be attached for the person. */
  purpose: string;
}

export interface AgentTemplate {
  id: AgentTemplateId;
  name: string;
  description: string;
  systemPrompt: string;
  greeting: string;
  tools: readonly SuggestedTool[];
}

const END_CALL = { kind: 'call_control', functions: ['end_call'], purpose: 'hang up politely' } as const;

/**
 * The starting points "New agent" offers: the use cases Switchboard is built for. The dashboard shows them and
 * the API creates from them, so both read this one list (packages/core/src/agents/create-agent-from-template.ts).
 */
export const AGENT_TEMPLATES: readonly AgentTemplate[] = [
  {
    id: 'blank',
    name: 'Blank',
    description: 'An empty agent with a greeting; write the prompt and attach tools yourself.',
    systemPrompt: '',
    greeting: 'Hello, thanks for calling {{organization_name}}. How can I help?',
    tools: [],
  },
  {
    id: 'customer_support',
    name: 'Customer support with hand-off',
    description: 'Answers questions, and transfers the caller to a colleague when it cannot help.',
    systemPrompt: [
      'You are {{agent_name}}, the friendly phone support agent of {{organization_name}}.',
      'Keep answers short and spoken: one or two sentences, no lists, no markdown.',
      'Ask one question at a time. Repeat back names, numbers and dates to confirm them.',
      'Never invent policies, prices or order details; when you do not know, say so.',
      'If the caller asks for a person, is upset, or you cannot solve the problem after two tries, tell them you are transferring them and call transfer_call with a one-sentence summary of what they need.',
      'When the caller has what they need, say goodbye and call end_call.',
    ].join('\n'),
    greeting: 'Hi, you have reached {{organization_name}} support. What can I help you with today?',
    tools: [
      {
        kind: 'call_control',
        functions: ['end_call', 'transfer_call'],
        purpose: 'hand the caller to a colleague and hang up',
      },
    ],
  },
  {
    id: 'appointment_setter',
    name: 'Appointment setter',
    description: 'Finds a free slot in a Google calendar and books, moves or cancels appointments.',
    systemPrompt: [
      'You are {{agent_name}}, who books appointments for {{organization_name}} by phone.',
      'Keep answers short and spoken; ask one question at a time.',
      'To book: ask what the appointment is for and when the caller would like to come, then call check_availability and offer at most three free times.',
      'Before creating the event, confirm the day, time and the caller’s name, then call create_event with their name in the title.',
      'To move or cancel an appointment, find it with list_events, confirm which one, then call reschedule_event or cancel_event.',
      'Speak dates as words ("Tuesday the 4th at 3 pm"), never as digits.',
      'When everything is done, say goodbye and call end_call.',
    ].join('\n'),
    greeting: 'Hello, this is {{organization_name}}. Would you like to book, move or cancel an appointment?',
    tools: [
      {
        kind: 'google_calendar',
        functions: ['check_availability', 'list_events', 'create_event', 'reschedule_event', 'cancel_event'],
        purpose: 'check free times and book appointments',
      },
      END_CALL,
    ],
  },
  {
    id: 'order_status',
    name: 'Order status',
    description: 'Looks orders up in your own system over an HTTP API and tells the caller where they are.',
    systemPrompt: [
      'You are {{agent_name}}, who tells callers of {{organization_name}} where their order is.',
      'Keep answers short and spoken; ask one question at a time.',
      'Ask for the order number, repeat it back digit by digit to confirm it, then look the order up with the order function of your HTTP tool.',
      'Tell the caller the status and, if there is one, the expected delivery date. Never read out internal codes or other customers’ data.',
      'If the order cannot be found, ask them to check the number once; if it still fails, apologise and offer to take a message.',
      'When the caller has what they need, say goodbye and call end_call.',
    ].join('\n'),
    greeting:
      'Hi, you have reached {{organization_name}}. I can check on your order. What is your order number?',
    tools: [
      {
        kind: 'http',
        functions: [],
        purpose:
          'look orders up: add an HTTP tool for your order system (by hand or from its OpenAPI document) and switch on its order lookup function in the agent',
      },
      END_CALL,
    ],
  },
  {
    id: 'lead_qualification',
    name: 'Lead qualification',
    description: 'Asks a few questions to qualify a prospect and hands hot leads to sales.',
    systemPrompt: [
      'You are {{agent_name}}, a friendly assistant of {{organization_name}} talking to a prospective customer.',
      'Keep answers short and spoken; ask one question at a time and listen.',
      'Find out, in a natural conversation: what they need, how many people or units it is for, their timeline, and who decides.',
      'Do not push; if they are not interested, thank them and end the call.',
      'Summarise what you learned back to them at the end and confirm it is right.',
      'If they are ready to talk to sales now, tell them you are connecting them and call transfer_call with your summary; otherwise say goodbye and call end_call.',
    ].join('\n'),
    greeting:
      'Hi, this is {{agent_name}} from {{organization_name}}. Do you have a couple of minutes to tell me what you are looking for?',
    tools: [
      {
        kind: 'call_control',
        functions: ['end_call', 'transfer_call'],
        purpose: 'connect hot leads to sales and hang up',
      },
    ],
  },
];

export function agentTemplate(id: AgentTemplateId): AgentTemplate {
  const template = AGENT_TEMPLATES.find((candidate) => candidate.id === id);
  if (!template) throw new Error(`No agent template ${id}`);
  return template;
}

export const CreateAgentFromTemplateSchema = z.strictObject({
  template: AgentTemplateIdSchema,
  name: z.string().trim().min(1, 'Give the agent a name').max(120),
});
export type CreateAgentFromTemplate = z.infer<typeof CreateAgentFromTemplateSchema>;

/**
 * What happened to each tool the template suggests: attached (an existing tool of the organization), created
 * (a new one, ready or waiting for a connection), or missing (not created; the message says what to do).
 */
export const TemplateToolNoteSchema = z.object({
  kind: ToolKindSchema,
  outcome: z.enum(['attached', 'created', 'missing']),
  toolId: UuidSchema.nullable(),
  message: z.string(),
});
export type TemplateToolNote = z.infer<typeof TemplateToolNoteSchema>;

export const AgentFromTemplateSchema = z
  .object({ agent: AgentSchema, tools: z.array(TemplateToolNoteSchema) })
  .meta({ id: 'AgentFromTemplate' });
export type AgentFromTemplate = z.infer<typeof AgentFromTemplateSchema>;
