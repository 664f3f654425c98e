import type { llm } from '@livekit/agents';
import * as openai from '@livekit/agents-plugin-openai';
import type { AgentConfig } from '@switchboard/contracts/agents';
import { chatModelProblem } from '@switchboard/core/chats/chat-model-problem';
import { modelSettingsOf } from '@switchboard/core/voice/missing-model-setting';
import type { EgressGuard } from '@switchboard/tools/egress/egress-guard';
import OpenAI from 'openai';
import { chatKey, guardedFetch, type ModelKeys, ModelNotConfiguredError } from '../runtime/create-model.ts';

/** The installation's settings for chats (worker-env.ts): the model keys and the text models to use. */
export interface ChatModelKeys extends ModelKeys {
  /** OpenAI's chat model for agents on OpenAI Realtime (default gpt-4.1-mini). */
  CHAT_OPENAI_MODEL?: string | undefined;
  /** Gemini's text model for agents on Gemini Live (default gemini-2.5-flash). */
  CHAT_GEMINI_MODEL?: string | undefined;
}

export const DEFAULT_CHAT_OPENAI_MODEL = 'gpt-4.1-mini';
export const DEFAULT_CHAT_GEMINI_MODEL = 'gemini-2.5-flash';
const OPENAI_BASE_URL = 'https://api.openai.com/v1';
// Gemini's OpenAI-compatible endpoint: the same key as Gemini Live, one client for every provider.
const GEMINI_OPENAI_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta/openai';

/**
 * The text counterpart of the agent's voice model, as a LiveKit LLM speaking chat completions: OpenAI's
 * chat model for OpenAI Realtime, Gemini's text model (through its OpenAI-compatible endpoint) for Gemini
 * Live, and the agent's own server for an OpenAI-compatible pipeline, reached through the egress guard and
 * given the installation's key only when it is OpenAI's or the operator's (create-model.ts chatKey).
 * Throws ModelNotConfiguredError naming the setting, by the rule the API applied when the chat started.
 */
export function createChatModel(
  config: AgentConfig,
  keys: ChatModelKeys,
  egress: Pick<EgressGuard, 'fetch'>,
): llm.LLM {
  const { model, temperature } = config;
  const problem = chatModelProblem(model, modelSettingsOf(keys));
  if (problem) throw new ModelNotConfiguredError(problem.message);
  switch (model.provider) {
    case 'openai_realtime':
      return new openai.LLM({
        client: new OpenAI({ baseURL: OPENAI_BASE_URL, apiKey: keys.OPENAI_API_KEY, maxRetries: 1 }),
        model: keys.CHAT_OPENAI_MODEL ?? DEFAULT_CHAT_OPENAI_MODEL,
        temperature,
      });
    case 'gemini_live':
      return new openai.LLM({
        client: new OpenAI({ baseURL: GEMINI_OPENAI_BASE_URL, apiKey: keys.GOOGLE_API_KEY, maxRetries: 1 }),
        model: keys.CHAT_GEMINI_MODEL ?? DEFAULT_CHAT_GEMINI_MODEL,
        temperature,
      });
    case 'openai_compatible':
      return new openai.LLM({
        client: new OpenAI({
          baseURL: model.baseUrl,
          apiKey: chatKey(model.baseUrl, keys),
          maxRetries: 0,
          fetch: guardedFetch(egress),
        }),
        model: model.model,
        temperature,
      });
  }
}
