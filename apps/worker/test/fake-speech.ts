import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SpeechRequest {
  provider: 'gemini' | 'openai';
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

export interface FakeSpeech {
  /** Gemini API root as the worker is configured with it (VOICE_PREVIEW_GEMINI_BASE_URL), …/v1beta. */
  geminiBaseUrl: string;
  /** OpenAI API root (VOICE_PREVIEW_OPENAI_BASE_URL or OPENAI_BASE_URL), …/v1. */
  openAiBaseUrl: string;
  /** The key each provider accepts; any other is refused the way the provider refuses it. */
  googleApiKey: string;
  openAiApiKey: string;
  requests: SpeechRequest[];
  /** From now on, requests with the right key fail with this status and the provider's error body; undefined: succeed again. */
  failWith(failure: { status: number; message: string } | undefined): void;
  close(): Promise<void>;
}

const GEMINI_RATE = 24_000;

/** Half a second of a 440 Hz tone, 16-bit little-endian mono PCM: what Gemini's TTS returns, base64-encoded. */
export function fakePcm(): Buffer {
  const samples = GEMINI_RATE / 2;
  const pcm = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i += 1) {
    pcm.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 440 * i) / GEMINI_RATE)), i * 2);
  }
  return pcm;
}

/** MPEG-1 Layer III frames of silence (128 kbit/s, 44.1 kHz, 417 bytes each): a playable MP3, like OpenAI's. */
export function fakeMp3(): Buffer {
  const frame = Buffer.alloc(417);
  frame.set([0xff, 0xfb, 0x90, 0xc4], 0);
  return Buffer.concat(Array.from({ length: 20 }, () => frame));
}

/**
 * Local stand-ins for the two text-to-speech APIs, speaking their wire formats: Gemini's
 * `POST /v1beta/models/{model}:generateContent` (key in `x-goog-api-key`, a candidate whose part is
 * `inlineData` with `audio/L16;codec=pcm;rate=24000` base64 PCM, errors as `{error: {code, message, status}}`)
 * and OpenAI's `POST /v1/audio/speech` (bearer key, MP3 bytes, errors as `{error: {message, type, code}}`).
 */
export async function startFakeSpeech(): Promise<FakeSpeech> {
  const requests: SpeechRequest[] = [];
  const googleApiKey = 'fake-google-key';
  const openAiApiKey = 'sk-fake-openai-key';
  let failure: { status: number; message: string } | undefined;
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const path = new URL(req.url ?? '/', 'http://localhost').pathname;
      const json = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const gemini = /^\/v1beta\/models\/([^/:]+):generateContent$/.exec(path);
      const openAi = path === '/v1/audio/speech';
      if (req.method !== 'POST' || (!gemini && !openAi)) {
        json(404, { error: { message: `No route for ${req.method} ${path}` } });
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      requests.push({ provider: gemini ? 'gemini' : 'openai', path, headers: req.headers, body });
      if (gemini) {
        if (req.headers['x-goog-api-key'] !== googleApiKey) {
          json(400, {
            error: {
              code: 400,
              message: 'API key not valid. Please pass a valid API key.',
              status: 'INVALID_ARGUMENT',
            },
          });
          return;
        }
        if (failure) {
          json(failure.status, {
            error: { code: failure.status, message: failure.message, status: 'INTERNAL' },
          });
          return;
        }
        const config = body.generationConfig as
          | {
              responseModalities?: string[];
              speechConfig?: { voiceConfig?: { prebuiltVoiceConfig?: { voiceName?: string } } };
            }
          | undefined;
        const voiceName = config?.speechConfig?.voiceConfig?.prebuiltVoiceConfig?.voiceName;
        if (!config?.responseModalities?.includes('AUDIO') || !voiceName) {
          json(400, {
            error: {
              code: 400,
              message: 'The requested combination of response modalities is not supported',
              status: 'INVALID_ARGUMENT',
            },
          });
          return;
        }
        json(200, {
          candidates: [
            {
              content: {
                role: 'model',
                parts: [
                  {
                    inlineData: {
                      mimeType: `audio/L16;codec=pcm;rate=${GEMINI_RATE}`,
                      data: fakePcm().toString('base64'),
                    },
                  },
                ],
              },
              finishReason: 'STOP',
              index: 0,
            },
          ],
          usageMetadata: { promptTokenCount: 20, candidatesTokenCount: 12, totalTokenCount: 32 },
          modelVersion: gemini[1],
        });
        return;
      }
      if (req.headers.authorization !== `Bearer ${openAiApiKey}`) {
        json(401, {
          error: {
            message: 'Incorrect API key provided.',
            type: 'invalid_request_error',
            param: null,
            code: 'invalid_api_key',
          },
        });
        return;
      }
      if (failure) {
        json(failure.status, {
          error: { message: failure.message, type: 'server_error', param: null, code: null },
        });
        return;
      }
      if (
        typeof body.input !== 'string' ||
        typeof body.voice !== 'string' ||
        typeof body.model !== 'string'
      ) {
        json(400, {
          error: {
            message: 'Missing required parameter',
            type: 'invalid_request_error',
            param: 'input',
            code: null,
          },
        });
        return;
      }
      res.writeHead(200, { 'content-type': 'audio/mpeg' });
      res.end(fakeMp3());
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    geminiBaseUrl: `http://127.0.0.1:${port}/v1beta`,
    openAiBaseUrl: `http://127.0.0.1:${port}/v1`,
    googleApiKey,
    openAiApiKey,
    requests,
    failWith: (next) => {
      failure = next;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
