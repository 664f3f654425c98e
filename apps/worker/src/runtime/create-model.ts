import type { llm, stt, tts } from '@livekit/agents';
import * as google from '@livekit/agents-plugin-google';
import * as openai from '@livekit/agents-plugin-openai';
import type { AgentConfig } from '@switchboard/contracts/agents';
import { missingModelSetting, modelSettingsOf } from '@switchboard/core/voice/missing-model-setting';
import type { EgressGuard } from '@switchboard/tools/egress/egress-guard';
import OpenAI, { type ClientOptions } from 'openai';

/** The provider settings of this installation (environment), as opposed to the agent's choices. */
export interface ModelKeys {
  GOOGLE_API_KEY?: string | undefined;
  OPENAI_API_KEY?: string | undefined;
  /** An OpenAI-compatible server of the operator's (speech for pipelines, and a trusted chat server). */
  OPENAI_BASE_URL?: string | undefined;
}

/** What a call session talks through: a speech-to-speech model, or speech-to-text → LLM → text-to-speech. */
export type CallModel =
  | { kind: 'realtime'; llm: llm.RealtimeModel }
  | { kind: 'pipeline'; llm: llm.LLM; stt: stt.STT; tts: tts.TTS };

/** The agent asks for a provider this installation has no key for. */
export class ModelNotConfiguredError extends Error {
  override name = 'ModelNotConfiguredError';
}

const OPENAI_ORIGIN = 'https://api.openai.com';

/**
 * Gemini Live ends an audio session at about 15 minutes unless the context is compressed; agents may talk
 * for up to 4 hours (maxDurationSeconds). A sliding window keeps the newest turns (and the instructions)
 * once the context grows past the trigger, so a long call goes on instead of being cut by the provider.
 * The connection itself is renewed by the plugin with session resumption when Google sends GoAway.
 */
export const GEMINI_CONTEXT_COMPRESSION = { slidingWindow: {} } as const;

/** A key the OpenAI client accepts but no server honours, for servers that are not ours to trust. */
const NO_KEY = 'no-key';

/**
 * The OpenAI client's fetch, through the egress guard: an OpenAI-compatible chat server is the tenant's
 * choice, so it must not be an internal address. The client sends JSON text, which the guard can resend
 * after a redirect; anything else is refused rather than sent around the guard.
 */
export function guardedFetch(egress: Pick<EgressGuard, 'fetch'>): NonNullable<ClientOptions['fetch']> {
  return (input, init = {}) => {
    const { body } = init;
    if (
      input instanceof Request ||
      (body != null && typeof body !== 'string' && !(body instanceof Uint8Array))
    ) {
      throw new TypeError('The egress guard sends URLs with text or byte bodies only');
    }
    return egress.fetch(input, { method: init.method, headers: init.headers, body, signal: init.signal });
  };
}

/**
 * The model for an agent's configuration, built from plugin instances (never model id strings, which go
 * through LiveKit's hosted gateway). The tenant's own chat server is reached through `egress`. Throws
 * ModelNotConfiguredError naming the missing setting.
 */
export function createModel(
  config: AgentConfig,
  keys: ModelKeys,
  egress: Pick<EgressGuard, 'fetch'>,
): CallModel {
  const { model, temperature, language } = config;
  // The same rule the API applied when it admitted the call; the installation may have changed since.
  const problem = missingModelSetting(model, modelSettingsOf(keys));
  if (problem) throw new ModelNotConfiguredError(problem.message);
  switch (model.provider) {
    case 'gemini_live': {
      return {
        kind: 'realtime',
        llm: new google.realtime.RealtimeModel({
          model: model.model,
          voice: model.voice,
          temperature,
          language,
          apiKey: keys.GOOGLE_API_KEY,
          contextWindowCompression: GEMINI_CONTEXT_COMPRESSION,
        }),
      };
    }
    case 'openai_realtime': {
      return {
        kind: 'realtime',
        llm: new openai.realtime.RealtimeModel({
          model: model.model,
          voice: model.voice,
          temperature,
          apiKey: keys.OPENAI_API_KEY,
          // Explicit: the plugin would otherwise pick up OPENAI_BASE_URL, which is for speech and chat.
          baseURL: `${OPENAI_ORIGIN}/v1`,
        }),
      };
    }
    case 'openai_compatible': {
      const speech = speechEndpoint(keys);
      return {
        kind: 'pipeline',
        llm: new openai.LLM({
          client: new OpenAI({
            baseURL: model.baseUrl,
            apiKey: chatKey(model.baseUrl, keys),
            maxRetries: 0,
            fetch: guardedFetch(egress),
          }),
          model: model.model,
          temperature,
        }),
        stt: new openai.STT({
          ...speech,
          language: language.split('-')[0] ?? 'en',
          // A self-hosted speech server speaks the plain transcription API, not OpenAI's realtime one.
          ...(keys.OPENAI_BASE_URL && { useRealtime: false, model: 'whisper-1' }),
        }),
        tts: new openai.TTS({ ...speech, voice: model.voice as openai.TTSVoices }),
      };
    }
  }
}

function speechEndpoint(keys: ModelKeys): { baseURL: string; apiKey: string } {
  if (keys.OPENAI_BASE_URL) return { baseURL: keys.OPENAI_BASE_URL, apiKey: keys.OPENAI_API_KEY ?? NO_KEY };
  return { baseURL: `${OPENAI_ORIGIN}/v1`, apiKey: keys.OPENAI_API_KEY ?? NO_KEY };
}

/**
 * The agent's chat server is chosen by a tenant: it gets the installation's OpenAI key only when it is
 * OpenAI itself or the operator's own OPENAI_BASE_URL, so a tenant cannot collect the key.
 */
export function chatKey(baseUrl: string, keys: ModelKeys): string {
  const origin = new URL(baseUrl).origin;
  const trusted = [OPENAI_ORIGIN, keys.OPENAI_BASE_URL && new URL(keys.OPENAI_BASE_URL).origin];
  return trusted.includes(origin) && keys.OPENAI_API_KEY ? keys.OPENAI_API_KEY : NO_KEY;
}
