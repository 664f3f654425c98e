import { z } from 'zod';
import { AgentAnalysisSettingsSchema, DEFAULT_ANALYSIS_SETTINGS } from './analysis.ts';
import { TimestampSchema, UuidSchema } from './common.ts';
import { GEMINI_LIVE_DEFAULT_MODEL, GREETING_VARIABLES, MODEL_PROVIDERS } from './constants.ts';
import { FunctionNameSchema, MAX_TOOL_FUNCTIONS } from './tools.ts';

export { GEMINI_LIVE_DEFAULT_MODEL, GREETING_VARIABLES, MODEL_PROVIDERS };

export const GeminiLiveModelSchema = z.strictObject({
  provider: z.literal('gemini_live'),
  model: z.string().min(1).max(120).default(GEMINI_LIVE_DEFAULT_MODEL),
  voice: z.string().min(1).max(60).default('Puck'),
});

export const OpenAiRealtimeModelSchema = z.strictObject({
  provider: z.literal('openai_realtime'),
  model: z.string().min(1).max(120).default('gpt-realtime'),
  voice: z.string().min(1).max(60).default('marin'),
});

/** Any chat-completions server (vLLM, Ollama, Groq…) between speech-to-text and text-to-speech. */
export const OpenAiCompatibleModelSchema = z.strictObject({
  provider: z.literal('openai_compatible'),
  baseUrl: z.url({ protocol: /^https?$/, error: 'Use an http(s) URL, e.g. https://api.groq.com/openai/v1' }),
  model: z.string().min(1).max(120),
  voice: z.string().min(1).max(60).default('alloy'),
});

export const AgentModelSchema = z.discriminatedUnion('provider', [
  GeminiLiveModelSchema,
  OpenAiRealtimeModelSchema,
  OpenAiCompatibleModelSchema,
]);
export type AgentModel = z.infer<typeof AgentModelSchema>;

/** How a `{{name}}` slot may be written: the names a call's variables may have (phone.ts CallVariablesSchema). */
export const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/** What an outbound call does when an answering machine picks up (docs/phone.md "Voicemail"). */
export const VoicemailSettingsSchema = z.strictObject({
  action: z.enum(['hang_up', 'leave_message']).default('hang_up'),
  /** Spoken word for word after the beep when `action` is `leave_message`; variables are filled in. */
  message: z.string().max(1_000).default(''),
});

/** Phone-only settings; web and chat calls ignore them. */
export const AgentPhoneSettingsSchema = z.strictObject({
  voicemail: VoicemailSettingsSchema.default({ action: 'hang_up', message: '' }),
  /**
   * Whether transfer_call may brief the colleague first (warm transfer: the colleague is dialled through the
   * organization's outbound trunk, hears a summary, then joins the caller). Off: a cold transfer (SIP REFER).
   * The number transferred to is the call-control tool's transfer number.
   */
  warmTransfer: z.boolean().default(false),
});
export type AgentPhoneSettings = z.infer<typeof AgentPhoneSettingsSchema>;

export const AgentToolSchema = z.strictObject({
  toolId: UuidSchema,
  /** The functions of that tool the model sees; everything else stays off, including functions added later. */
  functions: z.array(FunctionNameSchema).max(MAX_TOOL_FUNCTIONS),
});

export const AgentConfigSchema = z
  .strictObject({
    name: z.string().trim().min(1, 'Give the agent a name').max(120),
    systemPrompt: z.string().max(20_000).default(''),
    greeting: z
      .string()
      .max(1_000)
      .default('')
      .refine(
        (greeting) =>
          [...greeting.matchAll(/\{\{([^{}]*)\}\}/g)].every((match) =>
            VARIABLE_NAME.test((match[1] ?? '').trim()),
          ),
        {
          message: `Variables are written {{name}} (letters, digits and _), e.g. ${GREETING_VARIABLES.map((name) => `{{${name}}}`).join(', ')}`,
        },
      ),
    language: z
      .string()
      .regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, 'Use a language tag such as en-US or de')
      .default('en-US'),
    model: AgentModelSchema.default({
      provider: 'gemini_live',
      model: GEMINI_LIVE_DEFAULT_MODEL,
      voice: 'Puck',
    }),
    temperature: z.number().min(0).max(2).default(0.8),
    maxDurationSeconds: z.number().int().min(30).max(14_400).default(900),
    silenceTimeoutSeconds: z.number().int().min(5).max(600).default(30),
    /** A soft thinking sound while a function runs past about a second, so a slow tool is not silence. */
    thinkingSound: z.boolean().default(true),
    phone: AgentPhoneSettingsSchema.default({
      voicemail: { action: 'hang_up', message: '' },
      warmTransfer: false,
    }),
    /** Post-call analysis: summary, extracted data, success evaluation (docs/analysis.md). */
    analysis: AgentAnalysisSettingsSchema.default(DEFAULT_ANALYSIS_SETTINGS),
    tools: z.array(AgentToolSchema).max(50).default([]),
  })
  .superRefine((config, context) => {
    const seen = new Set<string>();
    for (const [index, tool] of config.tools.entries()) {
      if (seen.has(tool.toolId)) {
        context.addIssue({
          code: 'custom',
          path: ['tools', index, 'toolId'],
          message: 'This tool is listed twice',
        });
      }
      seen.add(tool.toolId);
    }
  });
export type AgentConfig = z.infer<typeof AgentConfigSchema>;
export type AgentConfigInput = z.input<typeof AgentConfigSchema>;

export const AgentStatusSchema = z.enum(['active', 'archived']);

export const AgentSchema = z
  .object({
    id: UuidSchema,
    name: z.string(),
    status: AgentStatusSchema,
    version: z.number().int(),
    config: AgentConfigSchema,
    createdAt: TimestampSchema,
    updatedAt: TimestampSchema,
  })
  .meta({ id: 'Agent' });
export type Agent = z.infer<typeof AgentSchema>;

export const AgentVersionSchema = z
  .object({
    version: z.number().int(),
    config: AgentConfigSchema,
    createdBy: z.object({ name: z.string() }).nullable(),
    createdAt: TimestampSchema,
  })
  .meta({ id: 'AgentVersion' });
export type AgentVersion = z.infer<typeof AgentVersionSchema>;

export const AgentParamsSchema = z.object({ orgId: UuidSchema, agentId: UuidSchema });
export const AgentVersionParamsSchema = AgentParamsSchema.extend({
  version: z.coerce.number().int().positive(),
});
export const ListAgentsQuerySchema = z.strictObject({
  status: z.enum(['active', 'archived', 'all']).default('active'),
});

/** What the model will see: each enabled function, and why an attached one is missing. */
export const AgentFunctionsSchema = z
  .object({
    functions: z.array(
      z.object({ toolId: UuidSchema, toolName: z.string(), name: z.string(), description: z.string() }),
    ),
    problems: z.array(z.object({ toolId: UuidSchema, message: z.string() })),
  })
  .meta({ id: 'AgentFunctions' });
export type AgentFunctions = z.infer<typeof AgentFunctionsSchema>;
