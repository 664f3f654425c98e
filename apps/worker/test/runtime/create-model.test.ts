import { initializeLogger, llm } from '@livekit/agents';
import { AgentConfigSchema } from '@switchboard/contracts/agents';
import { describe, expect, it } from 'vitest';
import { chatKey, createModel, ModelNotConfiguredError } from '../../src/runtime/create-model.ts';

initializeLogger({ pretty: false, level: 'warn' });

const config = (model: unknown) => AgentConfigSchema.parse({ name: 'Robin', model });

describe('the model of an agent', () => {
  it('builds plugin instances for each provider, never gateway model strings', () => {
    const gemini = createModel(config({ provider: 'gemini_live' }), { GOOGLE_API_KEY: 'g' });
    expect(gemini.kind).toBe('realtime');
    expect(gemini.llm).toBeInstanceOf(llm.RealtimeModel);
    const realtime = createModel(config({ provider: 'openai_realtime' }), { OPENAI_API_KEY: 'o' });
    expect(realtime.llm).toBeInstanceOf(llm.RealtimeModel);
    const pipeline = createModel(
      config({ provider: 'openai_compatible', baseUrl: 'http://127.0.0.1:11434/v1', model: 'llama3' }),
      { OPENAI_BASE_URL: 'http://127.0.0.1:8000/v1' },
    );
    expect(pipeline.kind).toBe('pipeline');
    expect(pipeline.llm).toBeInstanceOf(llm.LLM);
  });

  it('names the missing key', () => {
    expect(() => createModel(config({ provider: 'gemini_live' }), {})).toThrow(ModelNotConfiguredError);
    expect(() => createModel(config({ provider: 'openai_realtime' }), {})).toThrow(/OPENAI_API_KEY/);
    expect(() =>
      createModel(config({ provider: 'openai_compatible', baseUrl: 'http://x/v1', model: 'm' }), {}),
    ).toThrow(/OPENAI_BASE_URL/);
  });

  it('gives the installation’s OpenAI key only to OpenAI or the operator’s own server', () => {
    const keys = { OPENAI_API_KEY: 'sk-op', OPENAI_BASE_URL: 'http://speech.internal:8000/v1' };
    expect(chatKey('https://api.openai.com/v1', keys)).toBe('sk-op');
    expect(chatKey('http://speech.internal:8000/other', keys)).toBe('sk-op');
    expect(chatKey('https://tenant.example.com/v1', keys)).toBe('no-key');
  });
});
