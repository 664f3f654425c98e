import type { VoicePreviewKey } from '@switchboard/contracts/voice-previews';
import type { Tx } from '@switchboard/db/tenant';
import { notFound } from '../errors.ts';
import type { ModelSettings } from '../voice/missing-model-setting.ts';
import { assertVoicePreviewable } from './find-voice-preview.ts';
import { VOICE_PREVIEW_SAMPLE } from './voice-preview-sample.ts';

/** A ready preview's audio as the provider spoke it (WAV from Gemini, MP3 from OpenAI); 404 until it is ready. */
export async function readVoicePreviewAudio(
  tx: Tx,
  key: VoicePreviewKey,
  settings: ModelSettings,
): Promise<{ contentType: string; audio: Buffer }> {
  assertVoicePreviewable(key, settings);
  const row = await tx
    .selectFrom('voicePreviews')
    .select(['contentType', 'audio'])
    .where('provider', '=', key.provider)
    .where('voice', '=', key.voice)
    .where('sampleVersion', '=', VOICE_PREVIEW_SAMPLE.version)
    .where('status', '=', 'ready')
    .executeTakeFirst();
  if (!row?.audio || !row.contentType) throw notFound('Voice preview audio');
  return { contentType: row.contentType, audio: row.audio };
}
