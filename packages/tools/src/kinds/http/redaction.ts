const REDACTED = '[redacted]';

/** Replaces secrets in text and in parsed JSON so that no secret value reaches the model. */
export interface Redactor {
  text(value: string): string;
  json(value: unknown): unknown;
}

/**
 * Builds a redactor for a tool's secrets. Besides the raw value it catches the forms a server is likely to
 * echo it in: percent-encoded (a reflected URL), form-encoded and JSON-escaped. Longer secrets are
 * replaced first so that a secret containing another is removed whole.
 */
export function createRedactor(secrets: Record<string, string>): Redactor {
  const variants = new Set<string>();
  for (const secret of Object.values(secrets)) {
    if (!secret) continue;
    variants.add(secret);
    variants.add(encodeURIComponent(secret));
    variants.add(new URLSearchParams({ s: secret }).toString().slice(2));
    variants.add(JSON.stringify(secret).slice(1, -1));
  }
  const ordered = [...variants].sort((a, b) => b.length - a.length);

  const text = (value: string): string => {
    let result = value;
    for (const variant of ordered) {
      if (result.includes(variant)) result = result.split(variant).join(REDACTED);
    }
    return result;
  };

  const json = (value: unknown): unknown => {
    if (typeof value === 'string') return text(value);
    if (typeof value === 'number') return text(String(value)) === String(value) ? value : REDACTED;
    if (Array.isArray(value)) return value.map(json);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [text(k), json(v)]));
    }
    return value;
  };

  return ordered.length === 0 ? { text: (v) => v, json: (v) => v } : { text, json };
}
