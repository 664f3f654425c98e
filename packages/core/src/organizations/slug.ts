import { randomBytes } from 'node:crypto';

/** A readable, unique-enough slug: "Acme Dental" → "acme-dental-3f9a1c". */
export function slugFor(name: string): string {
  const base = name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40);
  return `${base || 'org'}-${randomBytes(3).toString('hex')}`;
}
