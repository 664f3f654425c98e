import { MODEL_PROVIDERS } from '@switchboard/contracts/agents';
import type { VoicePreviewProviders } from '@switchboard/contracts/voice-previews';
import type { ModelSettings } from '../voice/missing-model-setting.ts';
import { voicePreviewProblem } from './voice-preview-problem.ts';

/** Which providers' voices can be previewed here: the dashboard shows Play only for those. */
export function listVoicePreviewProviders(settings: ModelSettings): VoicePreviewProviders {
  return {
    providers: Object.fromEntries(
      MODEL_PROVIDERS.map((provider) => {
        const problem = voicePreviewProblem(provider, settings);
        return [provider, { available: !problem, missing: problem?.missing ?? [] }];
      }),
    ) as VoicePreviewProviders['providers'],
  };
}
