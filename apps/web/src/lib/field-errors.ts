/**
 * How a form field's value is shown when it is stored in another unit (minutes in the form, seconds in the
 * API): `per` stored units make one shown unit.
 */
export type FieldUnit = { per: number; one: string; many: string };

const count = (n: number, unit: FieldUnit | undefined, fallback: string) =>
  `${n.toLocaleString()} ${unit ? (n === 1 ? unit.one : unit.many) : fallback}`;

/**
 * A validation message in words for the person at the form. The dashboard validates with the same zod
 * contracts as the API, so both its own and the server's messages come here: zod's default wording
 * ("Too small: expected number to be >=30") is rewritten in the field's own unit ("At least 1 minute");
 * a message a contract wrote for people ("Give the agent a name") is kept.
 */
export function inWords(message: string, unit?: FieldUnit): string {
  const limit = /^Too (small|big): expected (\w+) to (?:be|have) ([<>]=?)(-?[\d.]+)/.exec(message);
  if (limit) {
    const [, size, origin, operator, raw] = limit;
    const stored = Number(raw);
    const inclusive = operator?.endsWith('=');
    if (size === 'small') {
      if (origin === 'string' && stored <= 1) return 'Required';
      const shown = unit ? Math.ceil(stored / unit.per) : stored;
      return inclusive || unit
        ? `At least ${count(shown, unit, origin === 'string' ? 'characters' : '').trim()}`
        : `More than ${shown.toLocaleString()}`;
    }
    const shown = unit ? Math.floor(stored / unit.per) : stored;
    return inclusive || unit
      ? `At most ${count(shown, unit, origin === 'string' ? 'characters' : origin === 'array' ? 'items' : '').trim()}`
      : `Less than ${shown.toLocaleString()}`;
  }
  if (/^Invalid input: expected int\b/.test(message))
    return unit ? `A whole number of ${unit.many}` : 'A whole number';
  if (/^Invalid input: expected number\b/.test(message)) return 'Enter a number';
  if (/^Invalid input: expected \w+, received undefined/.test(message)) return 'Required';
  if (/^Invalid option\b/.test(message)) return 'Choose one of the options';
  if (/^Invalid UUID\b/.test(message)) return 'No longer exists';
  return message;
}
