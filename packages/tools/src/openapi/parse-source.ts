import { parse as parseYaml } from 'yaml';
import { OpenApiImportError } from './openapi-import-error.ts';

/** Reads an OpenAPI document given as JSON text, YAML text or an already parsed object. */
export function parseSource(source: string | object): Record<string, unknown> {
  let document: unknown = source;
  if (typeof source === 'string') {
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
        document = parseYaml(text);
      } catch (error) {
        // YAMLParseError messages end with a code excerpt; the first line says what and where.
        const message = (
          error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)
        ).replace(/:$/, '');
        throw new OpenApiImportError(`The document is neither valid JSON nor valid YAML: ${message}`);
      }
    }
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new OpenApiImportError('The OpenAPI document must be an object (a JSON object or a YAML mapping)');
  }
  return document as Record<string, unknown>;
}
