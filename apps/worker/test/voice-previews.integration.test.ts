import { VOICE_PREVIEW_SAMPLE } from '@switchboard/core/voice-previews/voice-preview-sample';
import { createTestDatabase, type TestDatabase } from '@switchboard/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { generateVoicePreview } from '../src/voice-preview/generate-voice-preview.ts';
import type { SpeechKeys } from '../src/voice-preview/synthesize-speech.ts';
import { type FakeSpeech, fakeMp3, startFakeSpeech } from './fake-speech.ts';

// The job itself, on the worker role's grants, against the fake speech APIs (the API half, and Gemini's
// wire format end to end, are in apps/api/test/voice-previews.integration.test.ts).
let db: TestDatabase;
let speech: FakeSpeech;
const warnings: string[] = [];
const logger = { warn: (message: string) => void warnings.push(message) };
// Nothing listens on the discard port: a request sent there fails at once.
const NOWHERE = 'http://127.0.0.1:9/v1';

beforeAll(async () => {
  db = await createTestDatabase();
  speech = await startFakeSpeech();
});
afterAll(async () => {
  await db?.destroy();
  await speech?.close();
});
beforeEach(async () => {
  speech.requests.length = 0;
  speech.failWith(undefined);
  await sql`truncate voice_previews`.execute(db.owner);
});

async function pending(provider: string, voice: string) {
  await db.owner
    .insertInto('voicePreviews')
    .values({ provider, voice, sampleVersion: VOICE_PREVIEW_SAMPLE.version })
    .execute();
  return { provider, voice, sampleVersion: String(VOICE_PREVIEW_SAMPLE.version) };
}

const stored = (voice: string) =>
  db.owner
    .selectFrom('voicePreviews')
    .select(['status', 'contentType', 'audio', 'error'])
    .where('voice', '=', voice)
    .executeTakeFirstOrThrow();

function keys(extra: Partial<SpeechKeys> = {}): SpeechKeys {
  return {
    OPENAI_API_KEY: speech.openAiApiKey,
    VOICE_PREVIEW_GEMINI_BASE_URL: speech.geminiBaseUrl,
    VOICE_PREVIEW_OPENAI_BASE_URL: speech.openAiBaseUrl,
    ...extra,
  };
}

describe('generating a voice preview (the job)', () => {
  it('speaks an OpenAI voice through /audio/speech and stores the MP3', async () => {
    await generateVoicePreview(
      { workerDb: db.worker, keys: keys(), logger },
      await pending('openai_realtime', 'marin'),
    );
    const row = await stored('marin');
    expect(row).toMatchObject({ status: 'ready', contentType: 'audio/mpeg', error: null });
    expect(row.audio?.equals(fakeMp3())).toBe(true);
    expect(speech.requests).toHaveLength(1);
    const [sent] = speech.requests;
    expect(sent?.path).toBe('/v1/audio/speech');
    expect(sent?.headers.authorization).toBe(`Bearer ${speech.openAiApiKey}`);
    expect(sent?.body).toEqual({
      model: 'gpt-4o-mini-tts',
      voice: 'marin',
      input: VOICE_PREVIEW_SAMPLE.text,
      response_format: 'mp3',
    });
  });

  it('speaks a pipeline voice with the installation’s own speech server, as its calls do', async () => {
    await generateVoicePreview(
      {
        workerDb: db.worker,
        keys: keys({ OPENAI_BASE_URL: speech.openAiBaseUrl, VOICE_PREVIEW_OPENAI_BASE_URL: NOWHERE }),
        logger,
      },
      await pending('openai_compatible', 'nova'),
    );
    expect(await stored('nova')).toMatchObject({ status: 'ready', contentType: 'audio/mpeg' });
    expect(speech.requests.map((request) => request.body.voice)).toEqual(['nova']);
  });

  it('never calls the provider for a preview that is no longer pending', async () => {
    const payload = await pending('openai_realtime', 'cedar');
    await generateVoicePreview({ workerDb: db.worker, keys: keys(), logger }, payload);
    await generateVoicePreview({ workerDb: db.worker, keys: keys(), logger }, payload);
    expect(speech.requests).toHaveLength(1);
    expect(await stored('cedar')).toMatchObject({ status: 'ready' });
  });

  it('records what the provider said, never the key', async () => {
    await generateVoicePreview(
      { workerDb: db.worker, keys: keys({ OPENAI_API_KEY: 'sk-wrong-key' }), logger },
      await pending('openai_realtime', 'ash'),
    );
    const row = await stored('ash');
    expect(row).toMatchObject({
      status: 'failed',
      audio: null,
      error: 'OpenAI answered 401: Incorrect API key provided.',
    });
    expect(row.error).not.toContain('sk-wrong-key');
  });

  it('records an unreachable provider in words', async () => {
    warnings.length = 0;
    await generateVoicePreview(
      { workerDb: db.worker, keys: keys({ VOICE_PREVIEW_OPENAI_BASE_URL: NOWHERE }), logger },
      await pending('openai_realtime', 'sage'),
    );
    expect(await stored('sage')).toMatchObject({
      status: 'failed',
      error: 'The speech provider could not be reached',
    });
    expect(warnings.join('\n')).not.toContain(speech.openAiApiKey);
  });

  it('fails without calling anyone when the worker tier has no key for the provider', async () => {
    await generateVoicePreview(
      { workerDb: db.worker, keys: keys({ OPENAI_API_KEY: undefined }), logger },
      await pending('openai_realtime', 'verse'),
    );
    expect(await stored('verse')).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('set OPENAI_API_KEY'),
    });
    expect(speech.requests).toEqual([]);
  });
});
