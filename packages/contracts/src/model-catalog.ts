import type { AgentModel } from './agents.ts';
import { GEMINI_LIVE_DEFAULT_MODEL } from './constants.ts';

export interface CatalogChoice {
  id: string;
  label: string;
  description: string;
}

export interface CatalogVoice extends CatalogChoice {
  /** What languages the voice speaks, in words for people. */
  language: string;
}

export interface ProviderEntry {
  label: string;
  description: string;
  /** Empty for an OpenAI-compatible server: its models are whatever that server serves, typed by hand. */
  models: readonly CatalogChoice[];
  voices: readonly CatalogVoice[];
}

const MULTILINGUAL = 'Multilingual: speaks the agent’s language';

function voices(language: string, entries: Record<string, string>): CatalogVoice[] {
  return Object.entries(entries).map(([id, description]) => ({ id, label: id, description, language }));
}

/** The OpenAI text-to-speech voices of the installed @livekit/agents-plugin-openai (its TTSVoices type). */
const OPENAI_TTS_VOICES = voices('Multilingual, tuned for English', {
  alloy: 'Neutral and balanced',
  ash: 'Clear and precise',
  ballad: 'Melodic and smooth',
  coral: 'Warm and friendly',
  echo: 'Resonant and steady',
  fable: 'Expressive, storytelling',
  nova: 'Bright and energetic',
  onyx: 'Deep and authoritative',
  sage: 'Calm and thoughtful',
  shimmer: 'Light and upbeat',
});

/**
 * The one catalog of models and voices the dashboard offers, per provider (the voices are those the installed
 * LiveKit plugins name). The API still accepts other ids, so agents saved before, or through the API with a
 * newer model, keep working; the dashboard shows such a value as "not in the catalog".
 */
export const MODEL_CATALOG: Record<AgentModel['provider'], ProviderEntry> = {
  gemini_live: {
    label: 'Google Gemini Live',
    description: 'Speech-to-speech with Google’s native-audio models: low latency, many languages.',
    models: [
      {
        id: GEMINI_LIVE_DEFAULT_MODEL,
        label: 'Gemini 2.5 Flash native audio',
        description: 'The default: natural speech, function calling, about 30 voices',
      },
      {
        id: 'gemini-3.1-flash-live-preview',
        label: 'Gemini 3.1 Flash Live (preview)',
        description: 'Newer preview model; may change without notice',
      },
    ],
    voices: voices(MULTILINGUAL, {
      Puck: 'Upbeat',
      Charon: 'Informative',
      Kore: 'Firm',
      Fenrir: 'Excitable',
      Aoede: 'Breezy',
      Leda: 'Youthful',
      Orus: 'Firm, lower',
      Zephyr: 'Bright',
      Achernar: 'Soft',
      Achird: 'Friendly',
      Algenib: 'Gravelly',
      Algieba: 'Smooth',
      Alnilam: 'Firm',
      Autonoe: 'Bright',
      Callirrhoe: 'Easy-going',
      Despina: 'Smooth',
      Enceladus: 'Breathy',
      Erinome: 'Clear',
      Gacrux: 'Mature',
      Iapetus: 'Clear',
      Laomedeia: 'Upbeat',
      Pulcherrima: 'Forward',
      Rasalgethi: 'Informative',
      Sadachbia: 'Lively',
      Sadaltager: 'Knowledgeable',
      Schedar: 'Even',
      Sulafat: 'Warm',
      Umbriel: 'Easy-going',
      Vindemiatrix: 'Gentle',
      Zubenelgenubi: 'Casual',
    }),
  },
  openai_realtime: {
    label: 'OpenAI Realtime',
    description: 'Speech-to-speech with OpenAI’s realtime models.',
    models: [
      { id: 'gpt-realtime', label: 'GPT Realtime', description: 'The default: best instruction following' },
      {
        id: 'gpt-realtime-mini',
        label: 'GPT Realtime mini',
        description: 'Cheaper and faster, a little less capable',
      },
    ],
    voices: voices('Multilingual, tuned for English', {
      marin: 'Natural and warm (recommended)',
      cedar: 'Natural and grounded (recommended)',
      alloy: 'Neutral and balanced',
      ash: 'Clear and precise',
      ballad: 'Melodic and smooth',
      coral: 'Warm and friendly',
      echo: 'Resonant and steady',
      sage: 'Calm and thoughtful',
      shimmer: 'Light and upbeat',
      verse: 'Versatile and expressive',
    }),
  },
  openai_compatible: {
    label: 'OpenAI-compatible pipeline',
    description:
      'Speech-to-text, then any chat-completions server (vLLM, Ollama, Groq…), then text-to-speech from the installation.',
    models: [],
    voices: OPENAI_TTS_VOICES,
  },
};

/** The model a provider starts with when chosen: its first catalog entry ('' where the person types it). */
export function defaultModelOf(provider: AgentModel['provider']): string {
  return MODEL_CATALOG[provider].models[0]?.id ?? '';
}
