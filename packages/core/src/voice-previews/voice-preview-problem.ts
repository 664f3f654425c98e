import type { AgentModel } from '@switchboard/contracts/agents';
import type { ModelProblem, ModelSettings } from '../voice/missing-model-setting.ts';

/**
 * Why this installation cannot preview a provider's voices, or undefined when it can. A preview is spoken by
 * the provider's text-to-speech with the installation's key: Gemini's TTS model with GOOGLE_API_KEY, OpenAI's
 * speech API with OPENAI_API_KEY, and for an OpenAI-compatible pipeline the speech server its calls use
 * (OPENAI_BASE_URL, or OpenAI's with OPENAI_API_KEY). The API asks before queueing; the worker before calling.
 */
export function voicePreviewProblem(
  provider: AgentModel['provider'],
  settings: ModelSettings,
): ModelProblem | undefined {
  switch (provider) {
    case 'gemini_live':
      return settings.GOOGLE_API_KEY
        ? undefined
        : {
            message: 'Previews of Gemini voices use Gemini’s speech model; set GOOGLE_API_KEY',
            missing: ['GOOGLE_API_KEY'],
          };
    case 'openai_realtime':
      return settings.OPENAI_API_KEY
        ? undefined
        : {
            message: 'Previews of OpenAI voices use OpenAI’s speech API; set OPENAI_API_KEY',
            missing: ['OPENAI_API_KEY'],
          };
    case 'openai_compatible':
      return settings.OPENAI_API_KEY || settings.OPENAI_BASE_URL
        ? undefined
        : {
            message:
              'Previews of pipeline voices use the installation’s speech server; set OPENAI_BASE_URL or OPENAI_API_KEY',
            missing: ['OPENAI_BASE_URL', 'OPENAI_API_KEY'],
          };
  }
}
