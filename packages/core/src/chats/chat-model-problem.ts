import type { AgentModel } from '@switchboard/contracts/agents';
import type { ModelProblem, ModelSettings } from '../voice/missing-model-setting.ts';

/**
 * Why a chat with this model cannot run here, or undefined when it can. A chat uses the text counterpart of
 * the agent's provider (docs/agents-and-tools.md "Chat with an agent"): Gemini's text model with
 * GOOGLE_API_KEY, OpenAI's chat model with OPENAI_API_KEY, or the agent's own OpenAI-compatible server (no
 * installation key needed; no speech either). The API asks before starting a chat; the worker before
 * building the model.
 */
export function chatModelProblem(model: AgentModel, settings: ModelSettings): ModelProblem | undefined {
  switch (model.provider) {
    case 'gemini_live':
      return settings.GOOGLE_API_KEY
        ? undefined
        : {
            message: 'Chat with this agent uses Gemini’s text model; set GOOGLE_API_KEY',
            missing: ['GOOGLE_API_KEY'],
          };
    case 'openai_realtime':
      return settings.OPENAI_API_KEY
        ? undefined
        : {
            message: 'Chat with this agent uses OpenAI’s chat model; set OPENAI_API_KEY',
            missing: ['OPENAI_API_KEY'],
          };
    case 'openai_compatible':
      return undefined;
  }
}

/** What a chat is billed as (call_prices): a realtime agent's text model or a pipeline agent's chat server. */
export function chatModelKind(model: AgentModel): 'realtime' | 'pipeline' {
  return model.provider === 'openai_compatible' ? 'pipeline' : 'realtime';
}
