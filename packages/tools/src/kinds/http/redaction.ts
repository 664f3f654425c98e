const REDACTED = '[redacted]';

/** Base64 fragments shorter than this are not looked for inside longer text: too likely to occur by chance. */
const MIN_FRAGMENT_CHARS = 8;

/** Replaces secrets in text and in parsed JSON so that no secret value reaches the model. */
export interface Redactor {
  text(value: string): string;
  json(value: unknown): unknown;
}

function base64Variants(bytes: Buffer): string[] {
  const standard = bytes.toString('base64');
  const urlSafe = bytes.toString('base64url');
  return [
    standard,
    standard.replace(/=+$/, ''),
    urlSafe,
    `${urlSafe}${'='.repeat((4 - (urlSafe.length % 4)) % 4)}`,
  ];
}

/**
 * The parts of any base64 text that spell the secret, wherever it sits in the encoded bytes (as in
 * base64("user:secret") for Basic auth): base64 works in groups of three bytes, so for each of the three
 * alignments the secret's whole groups encode to the same characters whatever surrounds them.
 */
function base64Fragments(bytes: Buffer): string[] {
  const fragments: string[] = [];
  for (let skip = 0; skip < 3; skip++) {
    const groups = Math.floor((bytes.length - skip) / 3);
    if (groups <= 0) continue;
    const core = bytes.subarray(skip, skip + groups * 3);
    fragments.push(core.toString('base64'), core.toString('base64url'));
  }
  return fragments.filter((fragment) => fragment.length >= MIN_FRAGMENT_CHARS);
}

/** Every form a server is likely to echo a secret in; matched regardless of letter case. */
function variantsOf(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  return [
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    bytes.toString('hex'),
    ...base64Variants(bytes),
    ...base64Fragments(bytes),
  ];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Builds a redactor for a tool's secrets. Besides the raw value it catches the forms a server is likely to
 * echo it in: percent-encoded (a reflected URL), form-encoded, JSON-escaped, hex, base64 (standard and
 * URL-safe, with or without padding, alone or inside a longer encoded value such as a Basic credential),
 * each in any letter case. Longer forms are replaced first so that a secret containing another is removed
 * whole. A courtesy to the person testing a function, not a boundary: a server that holds the secret can
 * always return it in a form no list foresees, which is why secrets only go where they were given for.
 */
export function createRedactor(secrets: Record<string, string>): Redactor {
  const values = Object.values(secrets).filter(Boolean);
  if (values.length === 0) return { text: (value) => value, json: (value) => value };
  // Built at the first use: every tool of a call gets a redactor while the call is set up, and most of
  // their functions are never called.
  let pattern: RegExp | undefined;
  const patternOf = () => {
    if (!pattern) {
      const variants = new Set(values.flatMap(variantsOf));
      pattern = new RegExp(
        [...variants]
          .sort((a, b) => b.length - a.length)
          .map(escapeRegExp)
          .join('|'),
        'giu',
      );
    }
    return pattern;
  };

  const text = (value: string): string => value.replace(patternOf(), REDACTED);

  const json = (value: unknown): unknown => {
    if (typeof value === 'string') return text(value);
    if (typeof value === 'number') return text(String(value)) === String(value) ? value : REDACTED;
    if (Array.isArray(value)) return value.map(json);
    if (value && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [text(k), json(v)]));
    }
    return value;
  };

  return { text, json };
}
