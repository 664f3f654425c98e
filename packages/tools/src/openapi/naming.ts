/**
 * Function names: readable (the operation's own id or name when it has one, else verb + resource, like
 * `get_contact` or `create_object`), stable (the same document gives the same names), unique within the
 * tool (a taken name gets `_2`, `_3`… in document order) and within the providers' rule
 * ^[a-zA-Z0-9_-]{1,64}$.
 */
export const MAX_NAME_LENGTH = 64;

const VERSION_SEGMENT = /^(v\d+(\.\d+)*|\d{4}-\d{2}(-\d{2})?|\d+(\.\d+)*|api|rest)$/i;

/** Letters, digits, `_` and `-` only; camelCase kept (operation ids are written that way), the rest `_`. */
export function sanitizeName(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-zA-Z0-9_-]+/g, '_')
    .replace(/_{2,}/g, '_')
    .replace(/^[_-]+|[_-]+$/g, '');
}

/** `Get a contact by email` → `get_a_contact_by_email`: for names written as prose (Postman requests). */
export function snakeCase(raw: string): string {
  return sanitizeName(raw.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[\s-]+/g, '_')).toLowerCase();
}

function singular(word: string): string {
  if (/ies$/i.test(word)) return `${word.slice(0, -3)}y`;
  if (/(ss|us|is)$/i.test(word)) return word;
  if (/(ch|sh|x|z|ss)es$/i.test(word)) return word.slice(0, -2);
  if (/s$/i.test(word)) return word.slice(0, -1);
  return word;
}

/**
 * A name from the method and the path: the last resource segment (version segments like `v3` or `2025-09`
 * and parameters skipped), after its parent resource when it is nested under one (`/contacts/{id}/notes`),
 * singular unless GET lists a collection. `GET /contacts` → `list_contacts`, `GET /contacts/{id}` →
 * `get_contact`, `POST /crm/objects/2025-09/{type}` → `create_object`, `GET /contacts/{id}/notes` →
 * `list_contact_notes`.
 */
export function nameFromPath(method: string, path: string): string {
  const segments = path
    .split('/')
    .filter((segment) => segment && !VERSION_SEGMENT.test(segment))
    .map((segment) => ({ isParameter: /[{}]|^:/.test(segment), word: snakeCase(segment) }));
  const endsWithParameter = segments.at(-1)?.isParameter ?? false;
  const resources: { word: string; isNested: boolean }[] = [];
  segments.forEach((segment, index) => {
    if (segment.isParameter || !segment.word) return;
    resources.push({
      word: segment.word,
      isNested: segments[index + 1]?.isParameter === true && index + 1 < segments.length - 1,
    });
  });
  const verb = {
    GET: endsWithParameter || resources.length === 0 ? 'get' : 'list',
    POST: 'create',
    PUT: 'update',
    PATCH: 'update',
    DELETE: 'delete',
  }[method.toUpperCase()];
  const last = resources.at(-1);
  const parent = resources.at(-2);
  const words: string[] = [];
  if (last && parent?.isNested) words.push(singular(parent.word));
  if (last) words.push(verb === 'list' ? last.word : singular(last.word));
  return [verb ?? method.toLowerCase(), ...words].join('_');
}

/** Hands out unique names in document order; `warn` hears of every name changed from the one asked for. */
export function createNamer(warn: (message: string) => void): (raw: string, where: string) => string {
  const taken = new Set<string>();
  return (raw, where) => {
    const base =
      sanitizeName(raw)
        .slice(0, MAX_NAME_LENGTH)
        .replace(/[_-]+$/, '') || 'operation';
    let name = base;
    for (let n = 2; taken.has(name); n++) {
      const suffix = `_${n}`;
      name = `${base.slice(0, MAX_NAME_LENGTH - suffix.length)}${suffix}`;
    }
    if (name !== sanitizeName(raw))
      warn(`${where}: the name "${raw}" is taken or too long; the function is named ${name}`);
    taken.add(name);
    return name;
  };
}
