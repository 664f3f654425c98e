import { OPENAPI_DOCUMENT_MAX_BYTES } from '@switchboard/contracts/tools';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { formatLocation } from './location.ts';
import { OpenApiImportError } from './openapi-import-error.ts';

/**
 * YAML aliases let a few bytes stand for an exponentially large tree (a "billion laughs"), which every later
 * step (validation, dereferencing, JSON) would walk in full. The yaml package refuses a document whose
 * aliases expand more than this; 100 is its default, pinned here so that an upgrade cannot loosen it.
 */
const MAX_YAML_ALIASES = 100;
/**
 * Deeper than any real description (GitHub's whole REST description nests 21 levels); the recursive steps
 * after parsing (dereferencing, inlining) would otherwise overflow their stack.
 */
const MAX_DOCUMENT_DEPTH = 128;

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`;

/** Refuses (`too-large`) a document over OPENAPI_DOCUMENT_MAX_BYTES, before any work is spent on it. */
export function checkDocumentSize(text: string): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > OPENAPI_DOCUMENT_MAX_BYTES) {
    throw new OpenApiImportError(
      `The document is ${megabytes(bytes)}; the import reads documents up to ${megabytes(OPENAPI_DOCUMENT_MAX_BYTES)}. ` +
        'Remove the paths you do not need, or split the document, and try again',
      'too-large',
    );
  }
}

/** Walks with an explicit stack (a recursive walk would overflow on the very documents it refuses). */
function checkDepth(document: object): void {
  const seen = new WeakSet<object>();
  const stack: { value: object; path: string[] }[] = [{ value: document, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (seen.has(value)) continue;
    seen.add(value);
    if (path.length >= MAX_DOCUMENT_DEPTH) {
      throw new OpenApiImportError(
        `The document is nested more than ${MAX_DOCUMENT_DEPTH} levels deep (at ${formatLocation(path.slice(0, 6))}…)`,
        'too-complex',
      );
    }
    for (const [key, child] of Object.entries(value)) {
      if (typeof child === 'object' && child !== null) stack.push({ value: child, path: [...path, key] });
    }
  }
}

function firstLine(error: unknown): string {
  // YAMLParseError messages end with a code excerpt; the first line says what and where.
  return (error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)).replace(/:$/, '');
}

/** Reads an OpenAPI document given as JSON text, YAML text or an already parsed object. */
export function parseSource(source: string | object): Record<string, unknown> {
  let document: unknown = source;
  if (typeof source === 'string') {
    checkDocumentSize(source);
    const text = source.trim();
    if (!text) throw new OpenApiImportError('The OpenAPI document is empty');
    document = undefined;
    // JSON.parse is much faster than the YAML parser on large JSON documents; YAML reads the rest.
    if (text.startsWith('{')) {
      try {
        document = JSON.parse(text);
      } catch {
        // Not strict JSON; YAML (a superset) may still read it and will say where it fails.
      }
    }
    if (document === undefined) {
      try {
        document = parseYaml(text, { maxAliasCount: MAX_YAML_ALIASES });
      } catch (error) {
        // The yaml package reports its own stack overflow as RESOURCE_EXHAUSTION.
        if (error instanceof YAMLParseError && error.code === 'RESOURCE_EXHAUSTION') {
          throw new OpenApiImportError(
            `The document is nested too deeply to read (more than ${MAX_DOCUMENT_DEPTH} levels are refused)`,
            'too-complex',
          );
        }
        if (error instanceof ReferenceError && /alias/i.test(error.message)) {
          throw new OpenApiImportError(
            `The document's YAML aliases (*name) expand too much (${firstLine(error)}); write the repeated parts out or use $ref`,
            'too-complex',
          );
        }
        throw new OpenApiImportError(
          `The document is neither valid JSON nor valid YAML: ${firstLine(error)}`,
        );
      }
    }
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new OpenApiImportError('The OpenAPI document must be an object (a JSON object or a YAML mapping)');
  }
  checkDepth(document);
  return document as Record<string, unknown>;
}
