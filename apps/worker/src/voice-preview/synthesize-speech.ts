import type { AgentModel } from '@switchboard/contracts/agents';

/** Where and with what the worker tier asks each provider to speak (worker-env.ts VOICE_PREVIEW_*). */
export interface SpeechKeys {
  GOOGLE_API_KEY?: string | undefined;
  OPENAI_API_KEY?: string | undefined;
  /** The installation's OpenAI-compatible speech server, which OpenAI-compatible pipeline calls use. */
  OPENAI_BASE_URL?: string | undefined;
  /** Gemini API root, …/v1beta (tests: a local fake). */
  VOICE_PREVIEW_GEMINI_BASE_URL: string;
  /** OpenAI API root, …/v1 (tests: a local fake). */
  VOICE_PREVIEW_OPENAI_BASE_URL: string;
}

export interface Speech {
  contentType: 'audio/wav' | 'audio/mpeg';
  audio: Buffer;
}

/** Gemini's text-to-speech model: it speaks with the same prebuilt voices as Gemini Live. */
export const GEMINI_TTS_MODEL = 'gemini-2.5-flash-preview-tts';
/** OpenAI's speech model that has every voice of the catalog, the realtime ones (marin, cedar) included. */
export const OPENAI_TTS_MODEL = 'gpt-4o-mini-tts';
/** A provider that has not answered by then is reported as not answering; the preview can be asked again. */
const SPEECH_TIMEOUT_MS = 60_000;
/** voice_previews.audio's bound (migration 032). */
export const MAX_PREVIEW_BYTES = 4 * 1024 * 1024;

/** What a provider said, for the person who asked: its error message, never a key or a header. */
export class SpeechProviderError extends Error {
  override name = 'SpeechProviderError';
}

/**
 * Speaks `text` in a catalog voice through the provider's own text-to-speech API: Gemini's generateContent
 * with an AUDIO response (raw 16-bit PCM, wrapped here as WAV so a browser plays it), or OpenAI's
 * /audio/speech (MP3). The endpoints are the operator's configuration, never a tenant's, so no egress guard.
 */
export async function synthesizeSpeech(
  provider: AgentModel['provider'],
  voice: string,
  text: string,
  keys: SpeechKeys,
): Promise<Speech> {
  if (provider === 'gemini_live') return geminiSpeech(voice, text, keys);
  // A pipeline's voice is spoken by the installation's speech server when it has one, as on its calls.
  const base =
    provider === 'openai_compatible' && keys.OPENAI_BASE_URL
      ? keys.OPENAI_BASE_URL
      : keys.VOICE_PREVIEW_OPENAI_BASE_URL;
  return openAiSpeech(voice, text, base, keys.OPENAI_API_KEY);
}

async function geminiSpeech(voice: string, text: string, keys: SpeechKeys): Promise<Speech> {
  const response = await fetch(
    `${keys.VOICE_PREVIEW_GEMINI_BASE_URL.replace(/\/$/, '')}/models/${GEMINI_TTS_MODEL}:generateContent`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': keys.GOOGLE_API_KEY ?? '' },
      body: JSON.stringify({
        contents: [{ parts: [{ text }] }],
        generationConfig: {
          responseModalities: ['AUDIO'],
          speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: voice } } },
        },
      }),
      signal: AbortSignal.timeout(SPEECH_TIMEOUT_MS),
    },
  );
  const body = (await response.json().catch(() => undefined)) as GeminiResponse | undefined;
  if (!response.ok) throw new SpeechProviderError(`Gemini answered ${response.status}: ${errorOf(body)}`);
  const inline = body?.candidates?.[0]?.content?.parts?.find((part) => part.inlineData)?.inlineData;
  if (!inline?.data) throw new SpeechProviderError('Gemini answered without audio');
  const rate = Number(/rate=(\d+)/.exec(inline.mimeType ?? '')?.[1] ?? 24_000);
  return { contentType: 'audio/wav', audio: wavOf(Buffer.from(inline.data, 'base64'), rate) };
}

async function openAiSpeech(
  voice: string,
  text: string,
  base: string,
  key: string | undefined,
): Promise<Speech> {
  const response = await fetch(`${base.replace(/\/$/, '')}/audio/speech`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key && { authorization: `Bearer ${key}` }) },
    body: JSON.stringify({ model: OPENAI_TTS_MODEL, voice, input: text, response_format: 'mp3' }),
    signal: AbortSignal.timeout(SPEECH_TIMEOUT_MS),
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as ErrorBody | undefined;
    throw new SpeechProviderError(`OpenAI answered ${response.status}: ${errorOf(body)}`);
  }
  const audio = Buffer.from(await response.arrayBuffer());
  if (audio.length === 0) throw new SpeechProviderError('OpenAI answered without audio');
  return { contentType: 'audio/mpeg', audio };
}

interface ErrorBody {
  error?: { message?: string };
}

interface GeminiResponse extends ErrorBody {
  candidates?: Array<{
    content?: { parts?: Array<{ inlineData?: { mimeType?: string; data?: string } }> };
  }>;
}

function errorOf(body: ErrorBody | undefined): string {
  return (body?.error?.message ?? 'no error message').slice(0, 500);
}

/** A WAV file (RIFF, PCM) around raw 16-bit little-endian mono samples, as Gemini returns them. */
export function wavOf(pcm: Buffer, sampleRate: number): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + pcm.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16); // size of the fmt chunk
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(sampleRate, 24);
  header.writeUInt32LE(sampleRate * 2, 28); // bytes per second
  header.writeUInt16LE(2, 32); // bytes per frame
  header.writeUInt16LE(16, 34); // bits per sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([header, pcm]);
}
