import { type HttpFunction, HttpFunctionSchema } from '@switchboard/contracts/tools';
import { type InlineContext, inlineSchema } from './inline-schema.ts';

export type HttpMethod = HttpFunction['method'];

/** The fields of a (dereferenced) OpenAPI operation the importer reads; checked by document-schema.ts. */
export interface OperationObject {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  parameters?: unknown[];
  requestBody?: { description?: string; required?: boolean; content?: Record<string, { schema?: unknown }> };
}

interface ParameterObject {
  name: string;
  in: 'query' | 'header' | 'path' | 'cookie';
  required?: boolean;
  description?: string;
  schema?: unknown;
  content?: Record<string, { schema?: unknown }>;
}

export interface OperationInput {
  name: string;
  method: HttpMethod;
  path: string;
  operation: OperationObject;
  /** Parameters declared on the path item, which the operation's own parameters override. */
  pathItemParameters: unknown[];
  baseUrl: string | null;
  context: InlineContext;
}

const MAX_DESCRIPTION = 1024;
/** Headers that are the tool's business (auth) or the HTTP layer's, never the model's; OpenAPI ignores the latter too. */
const IGNORED_HEADERS = new Set(['authorization', 'accept', 'content-type']);
/** Placeholders cannot hold whitespace or braces (see kinds/http/templating.ts). */
const PLACEHOLDER_NAME = /^[^{}\s]+$/;

function isParameter(value: unknown): value is ParameterObject {
  const p = value as Partial<ParameterObject> | null;
  return typeof p?.name === 'string' && typeof p.in === 'string';
}

function isJsonMediaType(type: string): boolean {
  return /^application\/([\w.+-]+\+)?json\b/i.test(type);
}

const FORM_TYPES = [
  { pattern: /^application\/x-www-form-urlencoded\b/i, encoding: 'form' },
  { pattern: /^multipart\/form-data\b/i, encoding: 'multipart' },
] as const;

/** A file part (`format: binary`/`base64`, `contentMediaType`) cannot come from a model's arguments. */
function isFileSchema(schema: unknown): boolean {
  const s = schema as {
    format?: unknown;
    contentMediaType?: unknown;
    type?: unknown;
    items?: unknown;
  } | null;
  if (!s || typeof s !== 'object') return false;
  if (s.format === 'binary' || s.format === 'base64' || s.contentMediaType !== undefined) return true;
  return s.type === 'array' && isFileSchema(s.items);
}

/** The fields of a form body's (inlined) schema, `allOf` parts merged. */
function formProperties(schema: Record<string, unknown>): {
  properties: Record<string, unknown>;
  required: string[];
} {
  const properties: Record<string, unknown> = { ...((schema.properties as Record<string, unknown>) ?? {}) };
  const required = Array.isArray(schema.required) ? schema.required.map(String) : [];
  for (const part of Array.isArray(schema.allOf) ? schema.allOf : []) {
    if (typeof part !== 'object' || part === null) continue;
    const merged = formProperties(part as Record<string, unknown>);
    Object.assign(properties, merged.properties);
    required.push(...merged.required);
  }
  return { properties, required };
}

/** The summary, then the description, within the 1024 characters a stored function allows. */
export function describeOperation(summary: string, description: string, fallback: string): string {
  const parts = [summary.trim()];
  const rest = description.trim();
  if (rest && rest !== parts[0]) parts.push(rest);
  const text = parts.filter(Boolean).join('\n\n') || fallback;
  return text.length <= MAX_DESCRIPTION ? text : `${text.slice(0, MAX_DESCRIPTION - 1).trimEnd()}…`;
}

/**
 * One OpenAPI operation as an HTTP function:
 * - path parameters become required arguments and `{p}` in the path becomes `{{p}}`;
 * - query parameters become arguments listed in `query` (sent repeated for arrays, as `explode: true`);
 * - header parameters become arguments sent as `{{name}}` headers, except Authorization, Accept and
 *   Content-Type; cookie parameters are left out with a warning;
 * - a JSON request body becomes the argument `body` (required when the body is), sent with `{{body}}`;
 * - otherwise a form body (urlencoded, or multipart with plain fields) becomes one argument per field,
 *   sent in that encoding (`bodyEncoding`); file fields are left out with a warning.
 * A later parameter with a name already taken gets a suffixed argument name (`name_header`,
 * `request_body`), except a query parameter, whose name is what is sent: it is left out with a warning.
 */
export function operationToFunction(input: OperationInput): HttpFunction {
  const { method, path, operation, context } = input;
  const warn = (message: string) => context.warn(`${context.where}: ${message}`);

  const merged = new Map<string, ParameterObject>();
  for (const p of [...input.pathItemParameters, ...(operation.parameters ?? [])]) {
    if (!isParameter(p)) {
      warn('a parameter without name or location was left out');
      continue;
    }
    merged.set(`${p.in}:${p.name}`, p);
  }
  const parameters = [...merged.values()];

  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  const query: string[] = [];
  const headers: Record<string, string> = {};

  const schemaOf = (p: ParameterObject): Record<string, unknown> => {
    const raw = p.schema ?? Object.values(p.content ?? {})[0]?.schema ?? { type: 'string' };
    const schema = inlineSchema(raw, context);
    return p.description ? { ...schema, description: p.description } : schema;
  };
  const add = (name: string, schema: Record<string, unknown>, isRequired: boolean) => {
    properties[name] = schema;
    if (isRequired) required.push(name);
  };

  const pathNames = [...path.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!);
  for (const name of pathNames) {
    const p = parameters.find((q) => q.in === 'path' && q.name === name);
    if (!PLACEHOLDER_NAME.test(name)) throw new Error(`the path parameter "${name}" has an unusable name`);
    if (!p) warn(`the path parameter "${name}" is not declared; it was added as a string`);
    add(name, p ? schemaOf(p) : { type: 'string' }, true);
  }

  for (const p of parameters) {
    if (p.in === 'path') {
      if (!pathNames.includes(p.name)) warn(`the path parameter "${p.name}" does not appear in the path`);
      continue;
    }
    if (p.in === 'cookie') {
      warn(
        `the cookie parameter "${p.name}"${p.required ? ' (required)' : ''} is not supported and was left out`,
      );
      continue;
    }
    if (!PLACEHOLDER_NAME.test(p.name)) {
      warn(`the ${p.in} parameter "${p.name}" has an unusable name and was left out`);
      continue;
    }
    if (p.in === 'query') {
      if (Object.hasOwn(properties, p.name)) {
        warn(`the query parameter "${p.name}" has the name of another parameter and was left out`);
        continue;
      }
      add(p.name, schemaOf(p), p.required === true);
      query.push(p.name);
      continue;
    }
    if (IGNORED_HEADERS.has(p.name.toLowerCase())) continue;
    const argument = Object.hasOwn(properties, p.name) ? `${p.name}_header` : p.name;
    add(argument, schemaOf(p), p.required === true);
    headers[p.name] = `{{${argument}}}`;
  }

  let body: string | undefined;
  let bodyEncoding: HttpFunction['bodyEncoding'] = 'json';
  const { requestBody } = operation;
  if (requestBody?.content) {
    const types = Object.keys(requestBody.content);
    const jsonType = types.find(isJsonMediaType);
    const form = FORM_TYPES.flatMap(({ pattern, encoding }) => {
      const type = types.find((t) => pattern.test(t));
      return type ? [{ type, encoding }] : [];
    })[0];
    if (method === 'GET') {
      warn('a GET request cannot send a body; the request body was left out');
    } else if (jsonType === undefined && form !== undefined) {
      const rawSchema = requestBody.content[form.type]?.schema ?? {};
      const schema = inlineSchema(rawSchema, context);
      const fields = formProperties(schema);
      const rawFields = formProperties((rawSchema ?? {}) as Record<string, unknown>).properties;
      if (Object.keys(fields.properties).length === 0) {
        warn(`the ${form.type} body has no fields described and was left out`);
      }
      for (const [field, fieldSchema] of Object.entries(fields.properties)) {
        const isRequired = requestBody.required !== false && fields.required.includes(field);
        if (isFileSchema(rawFields[field] ?? fieldSchema)) {
          warn(
            `the file field "${field}"${isRequired ? ' (required)' : ''} cannot come from the model and was left out`,
          );
          continue;
        }
        if (Object.hasOwn(properties, field)) {
          warn(`the body field "${field}" has the name of a parameter and was left out`);
          continue;
        }
        add(field, (fieldSchema ?? {}) as Record<string, unknown>, isRequired);
      }
      bodyEncoding = form.encoding;
    } else if (jsonType === undefined) {
      warn(`only JSON and form request bodies are supported; the ${types.join(', ')} body was left out`);
    } else {
      const argument = Object.hasOwn(properties, 'body') ? 'request_body' : 'body';
      const schema = inlineSchema(requestBody.content[jsonType]?.schema ?? {}, context);
      const described =
        requestBody.description && schema.description === undefined
          ? { ...schema, description: requestBody.description }
          : schema;
      add(argument, described, requestBody.required === true);
      body = `{{${argument}}}`;
    }
  }

  const urlPath = path.replace(/\{([^{}]+)\}/g, '{{$1}}');
  const parsed = HttpFunctionSchema.safeParse({
    name: input.name,
    description: describeOperation(operation.summary ?? '', operation.description ?? '', `${method} ${path}`),
    parameters: {
      type: 'object',
      properties,
      ...(required.length > 0 ? { required } : {}),
      additionalProperties: false,
    },
    method,
    url: input.baseUrl ? `${input.baseUrl.replace(/\/+$/, '')}${urlPath}` : urlPath,
    query,
    headers,
    ...(body === undefined ? {} : { body }),
    bodyEncoding,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join('.') || 'function'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}
