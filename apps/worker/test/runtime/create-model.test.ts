import { initializeLogger, llm } from '@livekit/agents';
import * as google from '@livekit/agents-plugin-google';
import { AgentConfigSchema, GEMINI_LIVE_DEFAULT_MODEL } from '@switchboard/contracts/agents';
import { createEgressGuard } from '@switchboard/tools/egress/egress-guard';
import { afterAll, describe, expect, it } from 'vitest';
import { chatKey, createModel, ModelNotConfiguredError } from '../../src/runtime/create-model.ts';
import { startFakeChatCompletions } from '../fake-chat-completions.ts';

initializeLogger({ pretty: false, level: 'warn' });

const config = (model: unknown) => AgentConfigSchema.parse({ name: 'Robin', model });
/** What a shared installation runs with: no internal destination allowed. */
const egress = createEgressGuard();
afterAll(() => egress.close());

describe('the model of an agent', () => {
  it('builds plugin instances for each provider, never gateway model strings', () => {
    const gemini = createModel(config({ provider: 'gemini_live' }), { GOOGLE_API_KEY: 'g' }, egress);
    expect(gemini.kind).toBe('realtime');
    expect(gemini.llm).toBeInstanceOf(llm.RealtimeModel);
    const realtime = createModel(config({ provider: 'openai_realtime' }), { OPENAI_API_KEY: 'o' }, egress);
    expect(realtime.llm).toBeInstanceOf(llm.RealtimeModel);
    const pipeline = createModel(
      config({ provider: 'openai_compatible', baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3' }),
      { OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' },
      egress,
    );
    expect(pipeline.kind).toBe('pipeline');
    expect(pipeline.llm).toBeInstanceOf(llm.LLM);
  });

  it('defaults to the Gemini Live model of the installed plugin, compressing the context of long calls', () => {
    // The plugin's own default, read from the plugin: upgrading it makes this fail until the constant follows.
    expect(new google.realtime.RealtimeModel({ apiKey: 'g' }).model).toBe(GEMINI_LIVE_DEFAULT_MODEL);
    const gemini = createModel(config({ provider: 'gemini_live' }), { GOOGLE_API_KEY: 'g' }, egress);
    if (!(gemini.llm instanceof google.realtime.RealtimeModel)) throw new Error('expected Gemini Live');
    expect(gemini.llm.model).toBe(GEMINI_LIVE_DEFAULT_MODEL);
    expect(gemini.llm._options.contextWindowCompression).toEqual({ slidingWindow: {} });
  });

  it('refuses a Gemini model id the Gemini API does not serve, naming it', () => {
    expect(() =>
      createModel(
        config({ provider: 'gemini_live', model: 'gemini-live-2.5-flash-native-audio' }),
        { GOOGLE_API_KEY: 'g' },
        egress,
      ),
    ).toThrow(/gemini-live-2.5-flash-native-audio is a Vertex AI model/);
  });

  it('names the missing key', () => {
    expect(() => createModel(config({ provider: 'gemini_live' }), {}, egress)).toThrow(
      ModelNotConfiguredError,
    );
    expect(() => createModel(config({ provider: 'openai_realtime' }), {}, egress)).toThrow(/OPENAI_API_KEY/);
    expect(() =>
      createModel(config({ provider: 'openai_compatible', baseUrl: 'http://x/v1', model: 'm' }), {}, egress),
    ).toThrow(/OPENAI_BASE_URL/);
  });

  it('gives the installation’s OpenAI key only to OpenAI or the operator’s own server', () => {
    const keys = { OPENAI_API_KEY: 'sk-op', OPENAI_BASE_URL: 'http://speech.internal:8000/v1' };
    expect(chatKey('https://api.openai.com/v1', keys)).toBe('sk-op');
    expect(chatKey('http://speech.internal:8000/other', keys)).toBe('sk-op');
    expect(chatKey('https://tenant.example.com/v1', keys)).toBe('no-key');
  });

  it('talks to the tenant’s chat server only through the egress guard', async () => {
    const chat = await startFakeChatCompletions(() => ({ content: 'Hello' }));
    const allowed = createEgressGuard({ allow: ['127.0.0.1'] });
    try {
      const agent = config({ provider: 'openai_compatible', baseUrl: chat.baseUrl, model: 'm' });
      const keys = { OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' };
      const context = llm.ChatContext.empty();
      context.addMessage({ role: 'user', content: 'Hi' });
      const answer = async (guard: typeof egress) => {
        const model = createModel(agent, keys, guard);
        if (model.kind !== 'pipeline') throw new Error('expected a pipeline');
        const errors: unknown[] = [];
        model.llm.on('error', (event) => errors.push(event.error));
        let text = '';
        for await (const chunk of model.llm.chat({
          chatCtx: context,
          connOptions: { maxRetry: 0, retryIntervalMs: 0, timeoutMs: 5000 },
        })) {
          text += chunk.delta?.content ?? '';
        }
        return { text, errors };
      };
      // The chat server is on 127.0.0.1: refused before a connection is made…
      const refused = await answer(egress);
      expect(refused.text).toBe('');
      expect(refused.errors).toHaveLength(1);
      expect(chat.requests).toHaveLength(0);
      // …and reached once the operator allows it.
      expect(await answer(allowed)).toEqual({ text: 'Hello', errors: [] });
      expect(chat.requests).toHaveLength(1);
    } finally {
      await Promise.all([chat.close(), allowed.close()]);
    }
  });
});
