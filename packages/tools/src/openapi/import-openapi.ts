import $RefParser, {
  InvalidPointerError,
  JSONParserErrorGroup,
  MissingPointerError,
} from '@apidevtools/json-schema-ref-parser';
import { type HttpFunction, MAX_TOOL_FUNCTIONS } from '@switchboard/contracts/tools';
import { validateDocument } from './document-schema.ts';
import { formatLocation, pointerSegments } from './location.ts';
import { OpenApiImportError } from './openapi-import-error.ts';
import { type HttpMethod, type OperationObject, operationToFunction } from './operation-to-function.ts';
import { parseSource } from './parse-source.ts';

export interface ImportedOperation {
  /** `GET /pets/{id}`. */
  key: string;
  method: HttpMethod;
  path: string;
  summary: string;
  tags: string[];
  function: HttpFunction;
}

export interface OpenApiImport {
  title: string;
  version: string;
  /** The URL the functions' URLs start with; null when the document has no absolute one and none was given. */
  baseUrl: string | null;
  operations: ImportedOperation[];
  /** What was left out or guessed, one sentence each, for the user to review. */
  warnings: string[];
}

export interface ImportOpenApiOptions {
  /** Replaces the document's servers, e.g. to target a sandbox or when the server URL is relative. */
  baseUrl?: string;
}

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string | number };
  servers?: { url: string; variables?: Record<string, { default: string }> }[];
  paths?: Record<string, Record<string, unknown> | undefined>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const SUPPORTED = new Set<string>(['get', 'put', 'post', 'delete', 'patch']);

function checkVersion(document: Record<string, unknown>): '3.0' | '3.1' {
  if (document.swagger !== undefined) {
    throw new OpenApiImportError('Swagger 2.0 is not supported; convert it to OpenAPI 3 first');
  }
  if (document.openapi === undefined)
    throw new OpenApiImportError('Invalid OpenAPI document: openapi is required');
  const match = /^3\.([01])(\.\d+)?(-.+)?$/.exec(String(document.openapi));
  if (!match) {
    throw new OpenApiImportError(
      `Unsupported OpenAPI version "${String(document.openapi)}"; OpenAPI 3.0 and 3.1 are supported`,
    );
  }
  return match[1] === '0' ? '3.0' : '3.1';
}

function describeRefError(error: unknown): string {
  if (error instanceof MissingPointerError || error instanceof InvalidPointerError) {
    const at = error.path ?? pointerSegments((error as MissingPointerError).parentPath ?? '');
    const ref = (error as MissingPointerError).targetRef ?? error.message.match(/"([^"]+)"/)?.[1] ?? '?';
    const what = error instanceof MissingPointerError ? 'Unresolvable' : 'Invalid';
    return `${what} $ref "${ref}" at ${formatLocation(at)}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Replaces every internal `$ref` by its target (never reading files or URLs), keeping cycles as cycles. */
async function dereference(
  document: Record<string, unknown>,
  canMutate: boolean,
  refNames: WeakMap<object, string>,
): Promise<OpenApiDocument> {
  try {
    return (await $RefParser.dereference(document, {
      resolve: { external: false, file: false, http: false },
      continueOnError: true,
      mutateInputSchema: canMutate,
      dereference: {
        circular: true,
        onDereference: (ref: string, value: unknown) => {
          if (typeof value === 'object' && value !== null) refNames.set(value, ref);
        },
      },
    })) as unknown as OpenApiDocument;
  } catch (error) {
    const errors = error instanceof JSONParserErrorGroup ? error.errors : [error];
    const problems = [...new Set(errors.map(describeRefError))];
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
    throw new OpenApiImportError(`${problems.slice(0, 5).join('; ')}${more}`);
  }
}

function resolveBaseUrl(document: OpenApiDocument, options: ImportOpenApiOptions, warn: (m: string) => void) {
  if (options.baseUrl) return options.baseUrl.replace(/\/+$/, '');
  const server = document.servers?.[0];
  if (!server) {
    warn('The document names no server; give a base URL');
    return null;
  }
  const url = server.url.replace(/\{([^{}]+)\}/g, (placeholder, name: string) => {
    const value = server.variables?.[name]?.default;
    if (value === undefined) warn(`The server variable "${name}" has no default value`);
    return value ?? placeholder;
  });
  if (!/^https?:\/\//i.test(url)) {
    warn(`The server URL "${url}" is not an absolute http(s) URL; give a base URL`);
    return null;
  }
  return url.replace(/\/+$/, '');
}

/**
 * A tool holds MAX_TOOL_FUNCTIONS functions; a document with more operations is refused before any is
 * converted (a 2 MB document can hold thousands, each costing time and response bytes).
 */
function checkOperationCount(document: OpenApiDocument): void {
  let count = 0;
  for (const [path, pathItem] of Object.entries(document.paths ?? {})) {
    if (!path.startsWith('/') || !pathItem) continue;
    count += METHODS.filter((method) => SUPPORTED.has(method) && pathItem[method]).length;
  }
  if (count > MAX_TOOL_FUNCTIONS) {
    throw new OpenApiImportError(
      `The document has ${count} operations; a tool holds at most ${MAX_TOOL_FUNCTIONS} functions. ` +
        'Remove the paths you do not need, or split the document (by tag, for example), and import each part',
      'too-complex',
    );
  }
}

/** Operation ids may hold anything; function names are ^[a-zA-Z0-9_-]{1,64}$ and unique within a tool. */
function createNamer(warn: (message: string) => void): (raw: string, key: string) => string {
  const taken = new Set<string>();
  return (raw, key) => {
    const base = raw.replace(/[^a-zA-Z0-9_-]+/g, '_').replace(/^_+|_+$/g, '') || 'operation';
    let name = base.slice(0, 64);
    for (let n = 2; taken.has(name); n++) name = `${base.slice(0, 64 - `_${n}`.length)}_${n}`;
    if (name !== base) warn(`${key}: the name "${raw}" is taken or too long; the function is named ${name}`);
    taken.add(name);
    return name;
  };
}

/**
 * Turns an OpenAPI 3.0/3.1 document (JSON or YAML text, or an object, which is not modified) into HTTP
 * functions, one per operation; see operation-to-function.ts for the mapping. Internal `$ref`s are
 * resolved, external ones are never fetched. Throws OpenApiImportError naming the problem when the
 * document cannot be read or holds more operations than a tool (MAX_TOOL_FUNCTIONS); everything merely
 * left out is listed in `warnings`. It runs on the calling thread: a server imports through
 * import-openapi-off-thread.ts instead.
 */
export async function importOpenApi(
  source: string | object,
  options: ImportOpenApiOptions = {},
): Promise<OpenApiImport> {
  const raw = parseSource(source);
  const version = checkVersion(raw);
  validateDocument(raw, version);
  const refNames = new WeakMap<object, string>();
  const document = await dereference(raw, typeof source === 'string', refNames);
  checkOperationCount(document);

  const warnings = new Set<string>();
  const warn = (message: string) => warnings.add(message);
  const baseUrl = resolveBaseUrl(document, options, warn);
  const nameFor = createNamer(warn);
  const operations: ImportedOperation[] = [];

  for (const [path, pathItem] of Object.entries(document.paths ?? {})) {
    if (!path.startsWith('/') || !pathItem) continue;
    const pathItemParameters = Array.isArray(pathItem.parameters) ? pathItem.parameters : [];
    for (const lower of METHODS) {
      const operation = pathItem[lower] as OperationObject | undefined;
      if (!operation) continue;
      const method = lower.toUpperCase() as HttpMethod;
      const key = `${method} ${path}`;
      if (!SUPPORTED.has(lower)) {
        warn(`${key}: ${method} is not supported and was left out`);
        continue;
      }
      try {
        const fn = operationToFunction({
          name: nameFor(operation.operationId ?? `${lower}${path}`, key),
          method,
          path,
          operation,
          pathItemParameters,
          baseUrl,
          context: { refNames, warn, where: key },
        });
        operations.push({
          key,
          method,
          path,
          summary: operation.summary?.trim() ?? '',
          tags: operation.tags ?? [],
          function: fn,
        });
      } catch (error) {
        const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
        warn(`${key} was left out: ${reason}`);
      }
    }
  }
  return {
    title: document.info.title,
    version: String(document.info.version),
    baseUrl,
    operations,
    warnings: [...warnings],
  };
}
