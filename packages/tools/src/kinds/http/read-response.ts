import type { Redactor } from './redaction.ts';

/** Read no more than this from a response, whatever maxResponseChars says, so a huge body cannot exhaust memory. */
const MIN_READ_CHARS = 100_000;

export interface ResponseText {
  text: string;
  /** True when the body was longer than what was read. */
  isCut: boolean;
}

/** Reads a response body as text, stopping after `limit` characters and cancelling the rest. */
export async function readText(response: Response, limit: number): Promise<ResponseText> {
  if (!response.body) return { text: '', isCut: false };
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, isCut: false };
      text += value;
      if (text.length > limit) {
        await reader.cancel();
        return { text: text.slice(0, limit), isCut: true };
      }
    }
  } finally {
    reader.releaseLock();
  }
}

/** Cuts text to `max` characters and says so, so the model knows it did not see everything. */
export function truncate(text: string, max: number, isCut = false): string {
  if (text.length <= max && !isCut) return text;
  const total = isCut ? `more than ${text.length}` : String(text.length);
  return `${text.slice(0, max)}\n[Response truncated: showing the first ${Math.min(max, text.length)} of ${total} characters]`;
}

function isJson(contentType: string | null): boolean {
  return /^application\/([\w.+-]+\+)?json\b|^text\/json\b/i.test(contentType ?? '');
}

/**
 * The result the model sees for a successful response: parsed JSON when the server says it is JSON (and
 * it parses), otherwise text; secrets redacted; longer than `maxChars` characters of JSON or text, it is
 * returned as truncated text with a note. Never undefined, which would end the model's turn silently.
 */
export async function readResult(response: Response, maxChars: number, redactor: Redactor): Promise<unknown> {
  const { text, isCut } = await readText(response, Math.max(maxChars * 4, MIN_READ_CHARS));
  if (text.length === 0) return `The request succeeded with status ${response.status} and an empty response.`;
  if (isJson(response.headers.get('content-type')) && !isCut) {
    let parsed: unknown;
    let isParsed = false;
    try {
      parsed = JSON.parse(text);
      isParsed = true;
    } catch {
      // Servers mislabel text as JSON often enough; fall back to the text.
    }
    if (isParsed) {
      const redacted = redactor.json(parsed);
      const serialized = JSON.stringify(redacted);
      return serialized.length <= maxChars ? redacted : truncate(serialized, maxChars);
    }
  }
  return truncate(redactor.text(text), maxChars, isCut);
}
