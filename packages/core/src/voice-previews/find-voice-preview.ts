import type { VoicePreview, VoicePreviewKey } from '@switchboard/contracts/voice-previews';
import type { Tx } from '@switchboard/db/tenant';
import { AppError, notFound } from '../errors.ts';
import type { ModelSettings } from '../voice/missing-model-setting.ts';
import { voicePreviewProblem } from './voice-preview-problem.ts';
import { VOICE_PREVIEW_SAMPLE } from './voice-preview-sample.ts';
import { voicePreviewAudioUrl } from './voice-preview-url.ts';

/** Refuses (409 naming the setting) when this installation cannot preview the provider's voices. */
export function assertVoicePreviewable(key: VoicePreviewKey, settings: ModelSettings): void {
  const problem = voicePreviewProblem(key.provider, settings);
  if (problem) throw new AppError('MODEL_NOT_CONFIGURED', problem.message, { missing: problem.missing });
}

/**
 * The current sample's preview of a voice as the dashboard polls it; 404 until someone asked for it. The
 * audio itself is served separately (readVoicePreviewAudio), so polling stays small.
 */
export async function findVoicePreview(
  tx: Tx,
  organizationId: string,
  key: VoicePreviewKey,
  settings: ModelSettings,
): Promise<VoicePreview> {
  assertVoicePreviewable(key, settings);
  const row = await tx
    .selectFrom('voicePreviews')
    .select(['status', 'error'])
    .where('provider', '=', key.provider)
    .where('voice', '=', key.voice)
    .where('sampleVersion', '=', VOICE_PREVIEW_SAMPLE.version)
    .executeTakeFirst();
  if (!row) throw notFound('Voice preview');
  const status = row.status as VoicePreview['status'];
  return {
    provider: key.provider,
    voice: key.voice,
    status,
    audioUrl: status === 'ready' ? voicePreviewAudioUrl(organizationId, key) : null,
    error: row.error,
  };
}
