import type { AgentModel } from '@switchboard/contracts/agents';
import type { EgressGuard } from '@switchboard/tools/egress/egress-guard';

/** The worker tier's model settings that analysis may use (apps/worker/src/worker-env.ts). */
export interface AnalysisModelKeys {
  GOOGLE_API_KEY?: string | undefined;
  OPENAI_API_KEY?: string | undefined;
  OPENAI_BASE_URL?: string | undefined;
  /** The operator's own chat-completions server for every analysis, instead of each agent's provider. */
  ANALYSIS_BASE_URL?: string | undefined;
  ANALYSIS_MODEL?: string | undefined;
  ANALYSIS_API_KEY?: string | undefined;
}

/** Where one analysis is sent: an OpenAI-compatible chat-completions endpoint and how to reach it. */
export interface AnalysisModel {
  baseUrl: string;
  model: string;
  apiKey: string | undefined;
  /** The agent's own server is the tenant's choice: its requests go through the egress guard. */
  isTenantChosen: boolean;
}

const OPENAI_ORIGIN = 'https://api.openai.com';
// Gemini's OpenAI-compatible endpoint: the same key as Gemini Live, one client for every provider.
const GEMINI_OPENAI_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta/openai';
export const OPENAI_ANALYSIS_MODEL = 'gpt-4.1-mini';
export const GEMINI_ANALYSIS_MODEL = 'gemini-2.5-flash';

/**
 * The text model for an agent's analysis: the operator's ANALYSIS_BASE_URL when set, else the text model
 * of the agent's provider (its own chat server for a pipeline agent; OpenAI's or Gemini's chat endpoint
 * with the installation's key for a realtime agent). Returns a reason instead when nothing is configured.
 */
export function analysisModelFor(
  model: AgentModel,
  keys: AnalysisModelKeys,
): AnalysisModel | { missing: string } {
  if (keys.ANALYSIS_BASE_URL) {
    if (!keys.ANALYSIS_MODEL)
      return { missing: 'ANALYSIS_MODEL is not set (it names the model at ANALYSIS_BASE_URL)' };
    return {
      baseUrl: keys.ANALYSIS_BASE_URL,
      model: keys.ANALYSIS_MODEL,
      apiKey: keys.ANALYSIS_API_KEY,
      isTenantChosen: false,
    };
  }
  switch (model.provider) {
    case 'openai_compatible': {
      // The installation's OpenAI key only goes to OpenAI or the operator's own server (create-model.ts).
      const origin = new URL(model.baseUrl).origin;
      const trusted = [OPENAI_ORIGIN, keys.OPENAI_BASE_URL && new URL(keys.OPENAI_BASE_URL).origin];
      return {
        baseUrl: model.baseUrl,
        model: model.model,
        apiKey: trusted.includes(origin) ? keys.OPENAI_API_KEY : undefined,
        isTenantChosen: true,
      };
    }
    case 'openai_realtime':
      if (!keys.OPENAI_API_KEY) return { missing: 'OPENAI_API_KEY is not set on the worker tier' };
      return {
        baseUrl: `${OPENAI_ORIGIN}/v1`,
        model: OPENAI_ANALYSIS_MODEL,
        apiKey: keys.OPENAI_API_KEY,
        isTenantChosen: false,
      };
    case 'gemini_live':
      if (!keys.GOOGLE_API_KEY) return { missing: 'GOOGLE_API_KEY is not set on the worker tier' };
      return {
        baseUrl: GEMINI_OPENAI_BASE_URL,
        model: GEMINI_ANALYSIS_MODEL,
        apiKey: keys.GOOGLE_API_KEY,
        isTenantChosen: false,
      };
  }
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** The provider answered with an error or not at all; the job retries, and records it on its last attempt. */
export class AnalysisModelError extends Error {
  override name = 'AnalysisModelError';
}

const REQUEST_TIMEOUT_MS = 90_000;

/**
 * One chat completion asking for a JSON object, streamed (every OpenAI-compatible server streams the same
 * way, not all answer JSON without it) and returned as text. The API key never appears in an error.
 */
export async function completeChat(
  target: AnalysisModel,
  messages: ChatMessage[],
  egress: Pick<EgressGuard, 'fetch'>,
): Promise<string> {
  const url = `${target.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const init = {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(target.apiKey && { authorization: `Bearer ${target.apiKey}` }),
    },
    body: JSON.stringify({
      model: target.model,
      messages,
      temperature: 0,
      stream: true,
      response_format: { type: 'json_object' },
    }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  };
  let response: Response;
  try {
    response = target.isTenantChosen ? await egress.fetch(url, init) : await fetch(url, init);
  } catch (error) {
    throw new AnalysisModelError(
      `The model server could not be reached: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!response.ok) {
    const body = (await response.text().catch(() => '')).slice(0, 300);
    throw new AnalysisModelError(`The model server answered ${response.status}: ${body}`);
  }
  const text = await response.text();
  let content = '';
  for (const line of text.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const data = line.slice(5).trim();
    if (data === '[DONE]') break;
    try {
      const chunk = JSON.parse(data) as { choices?: Array<{ delta?: { content?: string | null } }> };
      content += chunk.choices?.[0]?.delta?.content ?? '';
    } catch {
      throw new AnalysisModelError('The model server sent a stream that is not JSON');
    }
  }
  return content;
}
