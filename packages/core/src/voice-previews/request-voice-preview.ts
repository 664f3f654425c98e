import type { VoicePreview, VoicePreviewKey } from '@switchboard/contracts/voice-previews';
import type { Tx } from '@switchboard/db/tenant';
import { enqueueJob } from '../jobs/enqueue-job.ts';
import type { ModelSettings } from '../voice/missing-model-setting.ts';
import { assertVoicePreviewable, findVoicePreview } from './find-voice-preview.ts';
import { VOICE_PREVIEW_SAMPLE } from './voice-preview-sample.ts';

/** The job runner's task (apps/worker/src/voice-preview/generate-voice-preview.ts): only the worker tier holds model keys. */
export const GENERATE_VOICE_PREVIEW_TASK = 'generate_voice_preview';

/**
 * Asks for a voice's preview: ready ones are returned as they are; the first request (or the next one after
 * a failure) records a pending preview and queues its generation in the same transaction. Two requests at
 * once queue one job: the insert and the failed → pending update each succeed for one transaction only.
 */
export async function requestVoicePreview(
  tx: Tx,
  organizationId: string,
  key: VoicePreviewKey,
  settings: ModelSettings,
): Promise<VoicePreview> {
  assertVoicePreviewable(key, settings);
  const row = { provider: key.provider, voice: key.voice, sampleVersion: VOICE_PREVIEW_SAMPLE.version };
  const inserted = await tx
    .insertInto('voicePreviews')
    .values(row)
    .onConflict((conflict) => conflict.doNothing())
    .returning('status')
    .executeTakeFirst();
  const retried =
    inserted ??
    (await tx
      .updateTable('voicePreviews')
      .set({ status: 'pending', error: null, requestedAt: new Date() })
      .where('provider', '=', row.provider)
      .where('voice', '=', row.voice)
      .where('sampleVersion', '=', row.sampleVersion)
      .where('status', '=', 'failed')
      .returning('status')
      .executeTakeFirst());
  if (retried) {
    // One attempt: a failure is recorded on the row and the next request tries again.
    await enqueueJob(
      tx,
      GENERATE_VOICE_PREVIEW_TASK,
      { ...row, sampleVersion: String(row.sampleVersion) },
      1,
    );
  }
  return findVoicePreview(tx, organizationId, key, settings);
}
