import type { AgentModel } from '@switchboard/contracts/agents';

/** The installation's model settings (environment) an agent's provider may need. */
export type ModelSetting = 'GOOGLE_API_KEY' | 'OPENAI_API_KEY' | 'OPENAI_BASE_URL';

/** Which model settings this installation has: only whether each is set, never its value. */
export type ModelSettings = Readonly<Record<ModelSetting, boolean>>;

export function modelSettingsOf(env: Partial<Record<ModelSetting, string | undefined>>): ModelSettings {
  return {
    GOOGLE_API_KEY: Boolean(env.GOOGLE_API_KEY?.trim()),
    OPENAI_API_KEY: Boolean(env.OPENAI_API_KEY?.trim()),
    OPENAI_BASE_URL: Boolean(env.OPENAI_BASE_URL?.trim()),
  };
}

/**
 * Gemini Live models Google has shut down (ai.google.dev/gemini-api/docs/deprecations): a call with one
 * connects to nothing. Keep in step with the deprecations page when upgrading the Google plugin.
 */
const RETIRED_GEMINI_LIVE_MODELS: ReadonlySet<string> = new Set([
  'gemini-2.0-flash-live-001',
  'gemini-live-2.5-flash-preview',
]);

/**
 * Model ids named `gemini-live-…` (other than the retired one above) are Vertex AI's; this installation
 * reaches Gemini through the Gemini API with GOOGLE_API_KEY, where they do not exist (the plugin refuses
 * them before connecting).
 */
const VERTEX_AI_PREFIX = 'gemini-live-';

/** What an agent's model cannot run without here, with the setting to change. */
export interface ModelProblem {
  message: string;
  /** Environment settings an operator must set; empty when the agent's own configuration must change. */
  missing: ModelSetting[];
}

/**
 * Why calls with this model cannot be served by this installation, or undefined when they can. The API
 * asks before admitting a call and the worker before building the model: one rule, one answer.
 */
export function missingModelSetting(model: AgentModel, settings: ModelSettings): ModelProblem | undefined {
  switch (model.provider) {
    case 'gemini_live':
      if (!settings.GOOGLE_API_KEY) {
        return { message: 'This agent uses Gemini Live; set GOOGLE_API_KEY', missing: ['GOOGLE_API_KEY'] };
      }
      if (RETIRED_GEMINI_LIVE_MODELS.has(model.model)) {
        return {
          message: `Google has shut down the Gemini Live model ${model.model}; choose another model for this agent`,
          missing: [],
        };
      }
      if (model.model.startsWith(VERTEX_AI_PREFIX)) {
        return {
          message: `${model.model} is a Vertex AI model; Gemini Live here uses the Gemini API, so choose a Gemini API model for this agent`,
          missing: [],
        };
      }
      return undefined;
    case 'openai_realtime':
      return settings.OPENAI_API_KEY
        ? undefined
        : { message: 'This agent uses OpenAI Realtime; set OPENAI_API_KEY', missing: ['OPENAI_API_KEY'] };
    case 'openai_compatible':
      // The chat server is the agent's own; speech-to-text and text-to-speech are the installation's.
      return settings.OPENAI_API_KEY || settings.OPENAI_BASE_URL
        ? undefined
        : {
            message:
              'This agent uses an OpenAI-compatible server, which needs speech-to-text and text-to-speech: set OPENAI_BASE_URL (an OpenAI-compatible speech server) or OPENAI_API_KEY',
            missing: ['OPENAI_BASE_URL', 'OPENAI_API_KEY'],
          };
  }
}
