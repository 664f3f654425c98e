import { MODEL_PROVIDERS } from '@switchboard/contracts/agents';
import { modelSettingsOf } from '@switchboard/core/voice/missing-model-setting';
import { voicePreviewProblem } from '@switchboard/core/voice-previews/voice-preview-problem';
import { VOICE_PREVIEW_SAMPLE } from '@switchboard/core/voice-previews/voice-preview-sample';
import type { Database } from '@switchboard/db/database';
import { z } from 'zod';
import {
  MAX_PREVIEW_BYTES,
  type SpeechKeys,
  SpeechProviderError,
  synthesizeSpeech,
} from './synthesize-speech.ts';

const PayloadSchema = z.object({
  provider: z.enum(MODEL_PROVIDERS),
  voice: z.string().min(1).max(100),
  sampleVersion: z.coerce.number().int().positive(),
});

export interface VoicePreviewDeps {
  /** voice_previews is installation-wide (no tenant): the worker role's grants are all it needs. */
  workerDb: Database;
  keys: SpeechKeys;
  logger: { warn(message: string): void };
}

/**
 * The worker-tier half of voice previews: speaks the sample sentence in the voice once and stores it; the
 * API serves it from voice_previews ever after. A preview no longer pending (already generated, or of an
 * older sample) is left alone, so a repeated job never calls the provider again. A failure is recorded in
 * words on the row (the next request for the voice tries again) and the job itself succeeds: one attempt.
 */
export async function generateVoicePreview(deps: VoicePreviewDeps, payload: unknown): Promise<void> {
  const { provider, voice, sampleVersion } = PayloadSchema.parse(payload);
  const pending = await deps.workerDb
    .selectFrom('voicePreviews')
    .select('status')
    .where('provider', '=', provider)
    .where('voice', '=', voice)
    .where('sampleVersion', '=', sampleVersion)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  if (!pending || sampleVersion !== VOICE_PREVIEW_SAMPLE.version) return;
  const finish = (values: {
    status: 'ready' | 'failed';
    contentType?: string;
    audio?: Buffer;
    error?: string;
  }) =>
    deps.workerDb
      .updateTable('voicePreviews')
      .set({ ...values, generatedAt: new Date() })
      .where('provider', '=', provider)
      .where('voice', '=', voice)
      .where('sampleVersion', '=', sampleVersion)
      .where('status', '=', 'pending')
      .execute();
  const problem = voicePreviewProblem(provider, modelSettingsOf(deps.keys));
  if (problem) {
    await finish({ status: 'failed', error: problem.message });
    return;
  }
  try {
    const speech = await synthesizeSpeech(provider, voice, VOICE_PREVIEW_SAMPLE.text, deps.keys);
    if (speech.audio.length > MAX_PREVIEW_BYTES)
      throw new SpeechProviderError('The provider’s audio is too long');
    await finish({ status: 'ready', contentType: speech.contentType, audio: speech.audio });
  } catch (error) {
    const known = error instanceof SpeechProviderError;
    const message = known ? error.message : 'The speech provider could not be reached';
    if (!known) deps.logger.warn(`voice preview ${provider}/${voice}: ${String(error)}`);
    await finish({ status: 'failed', error: message.slice(0, 2000) });
  }
}
