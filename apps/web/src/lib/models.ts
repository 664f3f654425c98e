import { type AgentModel, GEMINI_LIVE_DEFAULT_MODEL } from '@switchboard/contracts/agents';

/** What the dashboard offers per provider; any other model id can still be typed in. */
export const PROVIDERS: Record<
  AgentModel['provider'],
  { label: string; description: string; defaultModel: string; voices: string[] }
> = {
  gemini_live: {
    label: 'Google Gemini Live',
    description: 'Speech-to-speech, low latency. Needs GOOGLE_API_KEY on the worker.',
    defaultModel: GEMINI_LIVE_DEFAULT_MODEL,
    voices: ['Puck', 'Charon', 'Kore', 'Fenrir', 'Aoede', 'Leda', 'Orus', 'Zephyr'],
  },
  openai_realtime: {
    label: 'OpenAI Realtime',
    description: 'Speech-to-speech. Needs OPENAI_API_KEY on the worker.',
    defaultModel: 'gpt-realtime',
    voices: ['marin', 'cedar', 'alloy', 'ash', 'ballad', 'coral', 'echo', 'sage', 'shimmer', 'verse'],
  },
  openai_compatible: {
    label: 'OpenAI-compatible pipeline',
    description: 'Speech-to-text, any chat-completions server (vLLM, Ollama, Groq…), text-to-speech.',
    defaultModel: '',
    voices: ['alloy', 'ash', 'coral', 'echo', 'sage', 'shimmer'],
  },
};

export function providerLabel(provider: AgentModel['provider']): string {
  return PROVIDERS[provider].label;
}
