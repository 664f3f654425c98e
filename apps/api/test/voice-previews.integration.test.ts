import type { VoicePreview } from '@switchboard/contracts/voice-previews';
import type { JobRunner } from '@switchboard/core/jobs/run-jobs';
import { VOICE_PREVIEW_SAMPLE } from '@switchboard/core/voice-previews/voice-preview-sample';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { wavOf } from '../../worker/src/voice-preview/synthesize-speech.ts';
import { type FakeSpeech, fakePcm, startFakeSpeech } from '../../worker/test/fake-speech.ts';
import {
  addMember,
  createOrganization,
  createTestApp,
  request,
  signUp,
  startJobs,
  type TestApp,
  type TestUser,
} from './harness.ts';

// Google's key is set on this installation, OpenAI's is not: Gemini voices can be previewed, OpenAI's cannot.
let t: TestApp;
let speech: FakeSpeech;
let jobs: JobRunner;
let admin: TestUser;
let member: TestUser;
let billing: TestUser;
let outsider: TestUser;
let orgId: string;
let otherOrgId: string;

beforeAll(async () => {
  t = await createTestApp({
    modelSettings: { GOOGLE_API_KEY: true, OPENAI_API_KEY: false, OPENAI_BASE_URL: false },
  });
  speech = await startFakeSpeech();
  jobs = await startJobs(t, {
    GOOGLE_API_KEY: speech.googleApiKey,
    VOICE_PREVIEW_GEMINI_BASE_URL: speech.geminiBaseUrl,
    VOICE_PREVIEW_OPENAI_BASE_URL: speech.openAiBaseUrl,
  });
  admin = await signUp(t);
  outsider = await signUp(t);
  orgId = await createOrganization(t, admin, 'Voices Co');
  otherOrgId = await createOrganization(t, outsider, 'Elsewhere Co');
  member = await addMember(t, orgId, 'member');
  billing = await addMember(t, orgId, 'billing');
});
afterAll(async () => {
  await jobs?.stop();
  await t?.close();
  await speech?.close();
});

const previews = (org = orgId) => `/api/v1/orgs/${org}/voice-previews`;
const ask = (user: TestUser, voice: string, provider = 'gemini_live', org = orgId) =>
  request(t, user, { method: 'POST', url: previews(org), payload: { provider, voice } });

/** The preview once the worker tier has finished with it (ready or failed). */
function settled(voice: string, user = admin, org = orgId): Promise<VoicePreview> {
  return vi.waitFor(
    async () => {
      const response = await request(t, user, {
        method: 'GET',
        url: `${previews(org)}/gemini_live/${voice}`,
      });
      const preview = response.json() as VoicePreview;
      if (preview.status === 'pending') throw new Error('still pending');
      return preview;
    },
    { timeout: 20_000, interval: 100 },
  );
}

describe('voice previews', () => {
  it('say which providers can be previewed, without any key', async () => {
    const response = await request(t, member, { method: 'GET', url: previews() });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      providers: {
        gemini_live: { available: true, missing: [] },
        openai_realtime: { available: false, missing: ['OPENAI_API_KEY'] },
        openai_compatible: { available: false, missing: ['OPENAI_BASE_URL', 'OPENAI_API_KEY'] },
      },
    });
    expect(response.body).not.toContain(speech.googleApiKey);
  });

  it('are generated once by the worker tier, then served from the cache to every organization', async () => {
    // Two people press Play at once: one job, one call to the provider.
    const both = await Promise.all([ask(member, 'Puck'), ask(billing, 'Puck')]);
    // The one that recorded the preview answers 202 pending; the other 202 too, or 200 if the job runner
    // already finished by the time it read the row.
    const queued = both.find((response) => response.statusCode === 202);
    expect(both.every((response) => [200, 202].includes(response.statusCode))).toBe(true);
    expect(queued?.json()).toMatchObject({
      provider: 'gemini_live',
      voice: 'Puck',
      status: 'pending',
      audioUrl: null,
    });

    const ready = await settled('Puck', member);
    expect(ready).toEqual({
      provider: 'gemini_live',
      voice: 'Puck',
      status: 'ready',
      audioUrl: `/api/v1/orgs/${orgId}/voice-previews/gemini_live/Puck/audio`,
      error: null,
    });
    const audio = await request(t, member, { method: 'GET', url: `${previews()}/gemini_live/Puck/audio` });
    expect(audio.statusCode).toBe(200);
    expect(audio.headers['content-type']).toBe('audio/wav');
    expect(audio.rawPayload.equals(wavOf(fakePcm(), 24_000))).toBe(true);

    // Gemini's wire format: the TTS model, the key in its header, AUDIO with the voice's name, the sample.
    expect(speech.requests).toHaveLength(1);
    const [sent] = speech.requests;
    expect(sent?.path).toBe('/v1beta/models/gemini-2.5-flash-preview-tts:generateContent');
    expect(sent?.headers['x-goog-api-key']).toBe(speech.googleApiKey);
    expect(sent?.body).toEqual({
      contents: [{ parts: [{ text: VOICE_PREVIEW_SAMPLE.text }] }],
      generationConfig: {
        responseModalities: ['AUDIO'],
        speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Puck' } } },
      },
    });

    // Later requests, from this organization or another, are served from the cache: no provider call.
    const again = await ask(admin, 'Puck');
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ status: 'ready' });
    const elsewhere = await ask(outsider, 'Puck', 'gemini_live', otherOrgId);
    expect(elsewhere.statusCode).toBe(200);
    expect(elsewhere.json()).toMatchObject({
      status: 'ready',
      audioUrl: `/api/v1/orgs/${otherOrgId}/voice-previews/gemini_live/Puck/audio`,
    });
    expect(speech.requests).toHaveLength(1);
    const rows = await t.database.owner.selectFrom('voicePreviews').select('voice').execute();
    expect(rows).toEqual([{ voice: 'Puck' }]);
  });

  it('record a provider failure in words, and try again when asked again', async () => {
    speech.failWith({ status: 503, message: 'The model is overloaded. Please try again later.' });
    expect((await ask(member, 'Kore')).statusCode).toBe(202);
    const failed = await settled('Kore', member);
    expect(failed).toMatchObject({
      status: 'failed',
      audioUrl: null,
      error: 'Gemini answered 503: The model is overloaded. Please try again later.',
    });
    expect(JSON.stringify(failed)).not.toContain(speech.googleApiKey);
    const noAudio = await request(t, member, { method: 'GET', url: `${previews()}/gemini_live/Kore/audio` });
    expect(noAudio.statusCode).toBe(404);

    speech.failWith(undefined);
    const retried = await ask(member, 'Kore');
    expect(retried.statusCode).toBe(202);
    expect(retried.json()).toMatchObject({ status: 'pending', error: null });
    expect(await settled('Kore', member)).toMatchObject({ status: 'ready' });
  });

  it('answer 409 naming the key when the provider has none here', async () => {
    const response = await ask(member, 'marin', 'openai_realtime');
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({
      code: 'MODEL_NOT_CONFIGURED',
      message: expect.stringContaining('OPENAI_API_KEY'),
    });
    const status = await request(t, member, { method: 'GET', url: `${previews()}/openai_realtime/marin` });
    expect(status.statusCode).toBe(409);
    const audio = await request(t, member, {
      method: 'GET',
      url: `${previews()}/openai_realtime/marin/audio`,
    });
    expect(audio.statusCode).toBe(409);
  });

  it('refuse voices outside the catalog, naming the field', async () => {
    const unknown = await ask(member, 'Nobody');
    expect(unknown.statusCode).toBe(400);
    expect(JSON.stringify(unknown.json())).toContain('voice');
    // A voice of another provider is not one of Gemini's.
    expect((await ask(member, 'marin')).statusCode).toBe(400);
    const badProvider = await ask(member, 'Puck', 'elevenlabs');
    expect(badProvider.statusCode).toBe(400);
    const badParams = await request(t, member, { method: 'GET', url: `${previews()}/gemini_live/Nobody` });
    expect(badParams.statusCode).toBe(400);
    expect(
      await t.database.owner
        .selectFrom('voicePreviews')
        .select('voice')
        .where('voice', '=', 'Nobody')
        .execute(),
    ).toEqual([]);
  });

  it('are 404 for a voice nobody asked for yet', async () => {
    const response = await request(t, member, { method: 'GET', url: `${previews()}/gemini_live/Zephyr` });
    expect(response.statusCode).toBe(404);
  });

  it('are not reachable through an organization one is not a member of', async () => {
    for (const response of [
      await request(t, outsider, { method: 'GET', url: previews() }),
      await ask(outsider, 'Leda'),
      await request(t, outsider, { method: 'GET', url: `${previews()}/gemini_live/Puck` }),
      await request(t, outsider, { method: 'GET', url: `${previews()}/gemini_live/Puck/audio` }),
    ]) {
      expect(response.statusCode).toBe(404);
    }
    const anonymous = await request(t, null, { method: 'GET', url: `${previews()}/gemini_live/Puck/audio` });
    expect(anonymous.statusCode).toBe(401);
  });
});
