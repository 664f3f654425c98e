import $RefParser, {
  InvalidPointerError,
  JSONParserErrorGroup,
  MissingPointerError,
} from '@apidevtools/json-schema-ref-parser';
import { type HttpFunction, MAX_TOOL_FUNCTIONS } from '@switchboard/contracts/tools';
import { type FoundAuthentication, readSecuritySchemes } from './authentication.ts';
import { validateDocument } from './document-schema.ts';
import { formatLocation, pointerSegments } from './location.ts';
import { createNamer, nameFromPath } from './naming.ts';
import { OpenApiImportError } from './openapi-import-error.ts';
import { type HttpMethod, type OperationObject, operationToFunction } from './operation-to-function.ts';
import { parseSource } from './parse-source.ts';
import { importPostman } from './postman.ts';
import { convertSwagger } from './swagger.ts';

export interface ImportedOperation {
  /** `GET /pets/{id}`. */
  key: string;
  method: HttpMethod;
  path: string;
  summary: string;
  tags: string[];
  /** Null when the operation was only listed (a document with more operations than a tool holds). */
  function: HttpFunction | null;
}

export interface OpenApiImport {
  title: string;
  version: string;
  /** What was read: `OpenAPI 3.1`, `Swagger 2.0 (converted to OpenAPI 3)`, `Postman collection v2.1`. */
  format: string;
  /** The URL the functions' URLs start with; null when the document has no absolute one and none was given. */
  baseUrl: string | null;
  operations: ImportedOperation[];
  /** The authentication the document declares, most likely first, each with the secrets it needs. */
  authentication: FoundAuthentication[];
  /** What was left out or guessed, one sentence each, for the user to review. */
  warnings: string[];
}

export interface ImportOpenApiOptions {
  /** Replaces the document's servers, e.g. to target a sandbox or when the server URL is relative. */
  baseUrl?: string;
  /**
   * The operations (keys) to build functions for. Without it, every operation of a document with at most
   * MAX_TOOL_FUNCTIONS is built, and a larger document is only listed.
   */
  operations?: string[];
}

interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string | number };
  servers?: { url: string; variables?: Record<string, { default: string }> }[];
  paths?: Record<string, Record<string, unknown> | undefined>;
  components?: { securitySchemes?: Record<string, unknown> };
  security?: Record<string, string[]>[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
const SUPPORTED = new Set<string>(['get', 'put', 'post', 'delete', 'patch']);

type DocumentKind =
  | { type: 'openapi'; version: '3.0' | '3.1' }
  | { type: 'swagger' }
  | { type: 'postman'; version: '2.0' | '2.1' };

/** What the document is, or an error saying what it looks like when it is nothing the import reads. */
function detectKind(document: Record<string, unknown>): DocumentKind {
  if (document.openapi !== undefined) {
    const match = /^3\.([01])(\.\d+)?(-.+)?$/.exec(String(document.openapi));
    if (!match) {
      throw new OpenApiImportError(
        `Unsupported OpenAPI version "${String(document.openapi)}"; OpenAPI 3.0 and 3.1 are supported`,
      );
    }
    return { type: 'openapi', version: match[1] === '0' ? '3.0' : '3.1' };
  }
  if (document.swagger !== undefined) {
    if (String(document.swagger) === '2.0') return { type: 'swagger' };
    throw new OpenApiImportError(
      `This is a Swagger ${String(document.swagger)} document; Swagger 2.0 and OpenAPI 3 are read (convert it to OpenAPI 3 first)`,
    );
  }
  const info = document.info as { schema?: unknown } | undefined;
  const schema = typeof info?.schema === 'string' ? info.schema : '';
  const postman = /getpostman\.com\/json\/collection\/v(\d+)\.(\d+)/.exec(schema);
  if (postman) {
    if (postman[1] === '2' && (postman[2] === '0' || postman[2] === '1')) {
      return { type: 'postman', version: postman[2] === '0' ? '2.0' : '2.1' };
    }
    throw new OpenApiImportError(
      `This is a Postman collection v${postman[1]}.${postman[2]}; export it as Collection v2.1 and try again`,
    );
  }
  if (info && Array.isArray(document.item)) return { type: 'postman', version: '2.1' };
  if (Array.isArray(document.requests) && typeof document.name === 'string') {
    throw new OpenApiImportError(
      'This is a Postman collection v1; export it from Postman as Collection v2.1 and try again',
    );
  }
  if (Array.isArray(document.values) && document._postman_variable_scope !== undefined) {
    throw new OpenApiImportError(
      'This is a Postman environment, not a collection; import the collection (its variables can be set here)',
    );
  }
  const keys = Object.keys(document).slice(0, 5);
  throw new OpenApiImportError(
    'Not an OpenAPI, Swagger or Postman document: missing "openapi" (OpenAPI 3), "swagger" (Swagger 2.0) ' +
      `and "info.schema" (Postman collection)${keys.length > 0 ? `; it starts with ${keys.map((k) => `"${k}"`).join(', ')}` : ''}`,
  );
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

/** Refuses a selection larger than a tool holds; the contract caps it too, this guards other callers. */
function checkSelection(selected: readonly string[] | undefined): void {
  if (selected && selected.length > MAX_TOOL_FUNCTIONS) {
    throw new OpenApiImportError(
      `${selected.length} operations were picked; a tool holds at most ${MAX_TOOL_FUNCTIONS} functions`,
      'too-complex',
    );
  }
}

interface ListedOperation {
  key: string;
  lower: (typeof METHODS)[number];
  path: string;
  operation: OperationObject;
  pathItemParameters: unknown[];
}

function listOperations(document: OpenApiDocument, warn: (message: string) => void): ListedOperation[] {
  const listed: ListedOperation[] = [];
  for (const [path, pathItem] of Object.entries(document.paths ?? {})) {
    if (!path.startsWith('/') || !pathItem) continue;
    const pathItemParameters = Array.isArray(pathItem.parameters) ? pathItem.parameters : [];
    for (const lower of METHODS) {
      const operation = pathItem[lower] as OperationObject | undefined;
      if (!operation) continue;
      const key = `${lower.toUpperCase()} ${path}`;
      if (!SUPPORTED.has(lower)) {
        warn(`${key}: ${lower.toUpperCase()} is not supported and was left out`);
        continue;
      }
      listed.push({ key, lower, path, operation, pathItemParameters });
    }
  }
  return listed;
}

/**
 * Turns an OpenAPI 3.0/3.1 document, a Swagger 2.0 document (converted first, see swagger.ts) or a Postman
 * collection v2.x (see postman.ts) — JSON or YAML text, or an object, which is not modified — into HTTP
 * functions, one per operation; see operation-to-function.ts for the mapping and naming.ts for the names.
 * Internal `$ref`s are resolved, external ones are never fetched. The authentication the document declares
 * comes with it (authentication.ts). A document with more operations than a tool holds is listed without
 * functions; the picked operations are then built (`options.operations`). Throws OpenApiImportError naming
 * the problem when the document cannot be read; everything merely left out is listed in `warnings`. It
 * runs on the calling thread: a server imports through import-openapi-off-thread.ts instead.
 */
export async function importOpenApi(
  source: string | object,
  options: ImportOpenApiOptions = {},
): Promise<OpenApiImport> {
  checkSelection(options.operations);
  const parsed = parseSource(source);
  const kind = detectKind(parsed);
  if (kind.type === 'postman') return importPostman(parsed, kind.version, options);
  let raw = parsed;
  let version: '3.0' | '3.1' = '3.0';
  let format = 'Swagger 2.0 (converted to OpenAPI 3)';
  if (kind.type === 'swagger') raw = await convertSwagger(parsed);
  else {
    version = kind.version;
    format = `OpenAPI ${kind.version}`;
  }
  validateDocument(raw, version);
  const refNames = new WeakMap<object, string>();
  const document = await dereference(raw, typeof source === 'string' || kind.type === 'swagger', refNames);

  const warnings = new Set<string>();
  const warn = (message: string) => warnings.add(message);
  const baseUrl = resolveBaseUrl(document, options, warn);
  const nameFor = createNamer(warn);
  const listed = listOperations(document, warn);
  const selected = options.operations
    ? new Set(options.operations)
    : listed.length <= MAX_TOOL_FUNCTIONS
      ? new Set(listed.map((op) => op.key))
      : new Set<string>();
  if (!options.operations && listed.length > MAX_TOOL_FUNCTIONS) {
    warn(
      `The document has ${listed.length} operations, more than the ${MAX_TOOL_FUNCTIONS} a tool holds: ` +
        'pick the ones the agent needs; their functions are built when the tool is created',
    );
  }
  const authentication = readSecuritySchemes(
    document,
    listed.flatMap((op) => (Array.isArray(op.operation.security) ? [op.operation.security] : [])),
    baseUrl,
    warn,
  );

  const operations: ImportedOperation[] = [];
  for (const { key, lower, path, operation, pathItemParameters } of listed) {
    const method = lower.toUpperCase() as HttpMethod;
    // Every operation is named, built or not, so that a name never depends on what was picked.
    const name = nameFor(
      typeof operation.operationId === 'string' && operation.operationId.trim()
        ? operation.operationId
        : nameFromPath(method, path),
      key,
    );
    const summary = operation.summary?.trim() ?? '';
    const tags = operation.tags ?? [];
    if (!selected.has(key)) {
      operations.push({ key, method, path, summary, tags, function: null });
      continue;
    }
    try {
      const fn = operationToFunction({
        name,
        method,
        path,
        operation,
        pathItemParameters,
        baseUrl,
        context: { refNames, warn, where: key },
      });
      operations.push({ key, method, path, summary, tags, function: fn });
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      warn(`${key} was left out: ${reason}`);
    }
  }
  return {
    title: document.info.title,
    version: String(document.info.version),
    format,
    baseUrl,
    operations,
    authentication,
    warnings: [...warnings],
  };
}
