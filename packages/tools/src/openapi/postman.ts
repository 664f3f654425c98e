import { type HttpFunction, HttpFunctionSchema, MAX_TOOL_FUNCTIONS } from '@switchboard/contracts/tools';
import { z } from 'zod';
import { authenticationFor, type FoundAuthentication } from './authentication.ts';
import type { ImportedOperation, ImportOpenApiOptions, OpenApiImport } from './import-openapi.ts';
import { createNamer, nameFromPath, snakeCase } from './naming.ts';
import { OpenApiImportError } from './openapi-import-error.ts';
import { describeOperation, type HttpMethod } from './operation-to-function.ts';

/*
 * Postman collections v2.0 and v2.1, read with zod rather than the postman-collection SDK: the import needs
 * a handful of fields, read leniently (real exports leave out or mistype many), and the SDK's object model
 * (lodash, its own variable resolution, URL parsing that keeps `{{…}}` in odd places) would add work and
 * surprises without covering what matters here: turning variables into arguments or fixed values.
 */

const KeyValue = z.looseObject({
  key: z.string().optional(),
  value: z.unknown().optional(),
  disabled: z.boolean().optional(),
  description: z.unknown().optional(),
  type: z.string().optional(),
});
type KeyValue = z.infer<typeof KeyValue>;

/** v2.1 lists auth attributes as key/value pairs, v2.0 as an object. */
const AuthSchema = z.looseObject({ type: z.string() }).catchall(z.unknown());
type PostmanAuth = z.infer<typeof AuthSchema>;

const UrlSchema = z.union([
  z.string(),
  z.looseObject({
    raw: z.string().optional(),
    protocol: z.string().optional(),
    host: z.union([z.string(), z.array(z.string())]).optional(),
    port: z.string().optional(),
    path: z
      .union([z.string(), z.array(z.union([z.string(), z.looseObject({ value: z.string().optional() })]))])
      .optional(),
    query: z.array(KeyValue).optional(),
    variable: z.array(KeyValue).optional(),
  }),
]);

const RequestSchema = z.union([
  z.string(),
  z.looseObject({
    method: z.string().optional(),
    url: UrlSchema.optional(),
    header: z.union([z.array(KeyValue), z.string()]).optional(),
    body: z
      .looseObject({
        mode: z.string().optional(),
        raw: z.string().optional(),
        urlencoded: z.array(KeyValue).optional(),
        formdata: z.array(KeyValue).optional(),
      })
      .nullable()
      .optional(),
    description: z.unknown().optional(),
    auth: AuthSchema.nullable().optional(),
  }),
]);

interface Item {
  name?: string;
  description?: unknown;
  request?: z.infer<typeof RequestSchema>;
  item?: Item[];
  auth?: PostmanAuth | null;
}
const ItemSchema: z.ZodType<Item> = z.lazy(() =>
  z.looseObject({
    name: z.string().optional(),
    description: z.unknown().optional(),
    request: RequestSchema.optional(),
    item: z.array(ItemSchema).optional(),
    auth: AuthSchema.nullable().optional(),
  }),
);

const CollectionSchema = z.looseObject({
  info: z.looseObject({
    name: z.string().optional(),
    version: z.unknown().optional(),
    description: z.unknown().optional(),
  }),
  item: z.array(ItemSchema),
  variable: z.array(KeyValue).optional(),
  auth: AuthSchema.nullable().optional(),
});

const SUPPORTED = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const IGNORED_HEADERS = new Set(['authorization', 'content-type', 'accept', 'content-length', 'host']);
const VARIABLE = /\{\{\s*([^{}]+?)\s*\}\}/g;
const HAS_VARIABLE = /\{\{[^{}]+\}\}/;

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && typeof (value as { content?: unknown }).content === 'string') {
    return (value as { content: string }).content;
  }
  return '';
}

/** An argument name from a variable or field name (`user-id` → `user_id`), as the templates allow. */
function argumentName(raw: string): string {
  return raw.replace(/[^a-zA-Z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'value';
}

function authAttributes(auth: PostmanAuth): Record<string, string> {
  const raw = auth[auth.type];
  if (Array.isArray(raw)) {
    return Object.fromEntries(
      raw.flatMap((entry: KeyValue) => (entry.key ? [[entry.key, String(entry.value ?? '')]] : [])),
    );
  }
  if (raw && typeof raw === 'object') {
    return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, String(v ?? '')]));
  }
  return {};
}

/** Postman's auth as a tool's authentication; undefined for `noauth`, a warning for what is not supported. */
function readAuth(auth: PostmanAuth, warn: (message: string) => void): FoundAuthentication | undefined {
  const attributes = authAttributes(auth);
  switch (auth.type) {
    case 'noauth':
      return undefined;
    case 'apikey': {
      const where = attributes.in === 'query' ? 'query' : 'header';
      const name = attributes.key || 'X-API-Key';
      return authenticationFor('apikey', `API key in the ${where} "${name}"`, {
        type: 'api_key',
        in: where,
        name,
        secret: 'api_key',
      });
    }
    case 'bearer':
      return authenticationFor('bearer', 'Bearer token', { type: 'bearer', secret: 'bearer_token' });
    case 'basic':
      return authenticationFor('basic', 'HTTP basic (username and password)', {
        type: 'basic',
        usernameSecret: 'username',
        passwordSecret: 'password',
      });
    case 'oauth2': {
      const tokenUrl = attributes.accessTokenUrl ?? '';
      if (attributes.grant_type === 'client_credentials' && /^https?:\/\//.test(tokenUrl)) {
        return authenticationFor('oauth2', 'OAuth2 client credentials', {
          type: 'oauth2_client_credentials',
          tokenUrl,
          scopes: (attributes.scope ?? '').split(/\s+/).filter(Boolean),
          clientIdSecret: 'client_id',
          clientSecretSecret: 'client_secret',
        });
      }
      warn(
        'The collection uses OAuth2 without client credentials (a person signs in), which is not supported',
      );
      return undefined;
    }
    default:
      warn(
        `The collection's "${auth.type}" authentication is not supported; add its header to the tool by hand`,
      );
      return undefined;
  }
}

interface Context {
  variables: Map<string, string>;
  baseUrl: string | undefined;
  warn(message: string): void;
}

/** Replaces the collection's variables that have a value; the others stay `{{name}}`. */
function resolve(value: string, context: Context): string {
  return value.replace(VARIABLE, (whole, name: string) => context.variables.get(name) ?? whole);
}

/** The request's URL without its query string, variables resolved, and the query parameters. */
function readUrl(url: z.infer<typeof UrlSchema> | undefined): {
  raw: string;
  query: KeyValue[];
  variables: KeyValue[];
} {
  if (url === undefined) return { raw: '', query: [], variables: [] };
  if (typeof url === 'string') {
    const [raw = '', search = ''] = url.split('?', 2);
    const query = search
      ? search.split('&').map((pair) => {
          const [key = '', value = ''] = pair.split('=', 2);
          return { key: decodeURIComponent(key), value: decodeURIComponent(value) };
        })
      : [];
    return { raw, query, variables: [] };
  }
  let raw = url.raw?.split('?', 1)[0] ?? '';
  if (!raw && url.host) {
    const host = Array.isArray(url.host) ? url.host.join('.') : url.host;
    const path = Array.isArray(url.path)
      ? url.path.map((segment) => (typeof segment === 'string' ? segment : (segment.value ?? ''))).join('/')
      : (url.path ?? '');
    raw = `${url.protocol ? `${url.protocol}://` : ''}${host}${url.port ? `:${url.port}` : ''}/${path}`;
  }
  return { raw, query: url.query ?? [], variables: url.variable ?? [] };
}

/** A JSON Schema for an example value, so that a raw JSON body's fields become typed arguments. */
function schemaOfExample(value: unknown): Record<string, unknown> {
  if (Array.isArray(value))
    return { type: 'array', items: value.length > 0 ? schemaOfExample(value[0]) : {} };
  if (value === null) return {};
  if (typeof value === 'object') {
    return {
      type: 'object',
      properties: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, schemaOfExample(v)])),
    };
  }
  if (typeof value === 'string') {
    return HAS_VARIABLE.test(value)
      ? { type: 'string' }
      : { type: 'string', description: `Example: ${value.slice(0, 100)}` };
  }
  return { type: typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string' };
}

interface Built {
  fn: HttpFunction;
  path: string;
}

function buildRequest(
  name: string,
  item: Item,
  request: Exclude<z.infer<typeof RequestSchema>, string>,
  context: Context,
  where: string,
): Built {
  const warn = (message: string) => context.warn(`${where}: ${message}`);
  const method = (request.method ?? 'GET').toUpperCase() as HttpMethod;
  const properties: Record<string, Record<string, unknown>> = {};
  const required: string[] = [];
  const add = (argument: string, schema: Record<string, unknown>, isRequired: boolean): string => {
    properties[argument] = schema;
    if (isRequired && !required.includes(argument)) required.push(argument);
    return argument;
  };

  const url = readUrl(request.url);
  let raw = resolve(url.raw, context);
  // A URL starting with an unresolved variable ({{baseUrl}}/contacts) takes the base URL given.
  const leading = /^\{\{\s*[^{}]+?\s*\}\}/.exec(raw);
  if (leading) {
    if (!context.baseUrl)
      throw new Error(`the URL starts with ${leading[0]}, which has no value; give a base URL`);
    raw = context.baseUrl + raw.slice(leading[0].length);
  }
  if (!/^https?:\/\//i.test(raw)) raw = `https://${raw}`;
  let parsed: URL;
  try {
    parsed = new URL(raw.replace(VARIABLE, 'x'));
  } catch {
    throw new Error('the URL is not valid');
  }
  const origin = parsed.origin;
  const pathStart = raw.indexOf('/', raw.indexOf('//') + 2);
  const pathTemplate = pathStart === -1 ? '/' : raw.slice(pathStart);
  const pathVariables = new Map(url.variables.map((v) => [v.key ?? '', v]));
  const path = pathTemplate
    .split('/')
    .map((segment) => {
      const colon = /^:([A-Za-z0-9_]+)$/.exec(segment);
      if (colon) {
        const variable = pathVariables.get(colon[1]!);
        const description = text(variable?.description);
        return `{{${add(argumentName(colon[1]!), { type: 'string', ...(description && { description }) }, true)}}}`;
      }
      return segment.replace(
        VARIABLE,
        (_, variable: string) => `{{${add(argumentName(variable), { type: 'string' }, true)}}}`,
      );
    })
    .join('/');

  const query: string[] = [];
  let fixedQuery = '';
  for (const parameter of url.query) {
    if (parameter.disabled || !parameter.key) continue;
    const value = resolve(String(parameter.value ?? ''), context);
    if (value && !HAS_VARIABLE.test(value) && HAS_VARIABLE.test(String(parameter.value ?? ''))) {
      // A collection variable with a value: a fixed part of the request, like the collection meant.
      fixedQuery += `${fixedQuery ? '&' : '?'}${encodeURIComponent(parameter.key)}=${encodeURIComponent(value)}`;
      continue;
    }
    if (Object.hasOwn(properties, parameter.key) || !/^[^{}\s]+$/.test(parameter.key)) {
      warn(`the query parameter "${parameter.key}" was left out (its name is taken or unusable)`);
      continue;
    }
    const description = [
      text(parameter.description),
      value && !HAS_VARIABLE.test(value) ? `Example: ${value}` : '',
    ]
      .filter(Boolean)
      .join('. ');
    add(parameter.key, { type: 'string', ...(description && { description }) }, false);
    query.push(parameter.key);
  }

  const headers: Record<string, string> = {};
  for (const header of Array.isArray(request.header) ? request.header : []) {
    if (header.disabled || !header.key || IGNORED_HEADERS.has(header.key.toLowerCase())) continue;
    const value = resolve(String(header.value ?? ''), context);
    headers[header.key] = value.replace(VARIABLE, (_, variable: string) => {
      const argument = Object.hasOwn(properties, argumentName(variable))
        ? `${argumentName(variable)}_header`
        : argumentName(variable);
      return `{{${add(argument, { type: 'string' }, true)}}}`;
    });
  }

  let body: string | undefined;
  let bodyEncoding: HttpFunction['bodyEncoding'] = 'json';
  const requestBody = request.body;
  if (requestBody?.mode && method !== 'GET') {
    const fields =
      requestBody.mode === 'urlencoded'
        ? requestBody.urlencoded
        : requestBody.mode === 'formdata'
          ? requestBody.formdata
          : undefined;
    if (fields) {
      bodyEncoding = requestBody.mode === 'urlencoded' ? 'form' : 'multipart';
      for (const field of fields) {
        if (field.disabled || !field.key) continue;
        if (field.type === 'file') {
          warn(`the file field "${field.key}" cannot come from the model and was left out`);
          continue;
        }
        if (Object.hasOwn(properties, field.key)) {
          warn(`the body field "${field.key}" has the name of a parameter and was left out`);
          continue;
        }
        const value = String(field.value ?? '');
        const description = [
          text(field.description),
          value && !HAS_VARIABLE.test(value) ? `Example: ${value}` : '',
        ]
          .filter(Boolean)
          .join('. ');
        add(field.key, { type: 'string', ...(description && { description }) }, false);
      }
    } else if (requestBody.mode === 'raw' && requestBody.raw?.trim()) {
      let example: unknown;
      try {
        // Unquoted variables ({"n": {{n}}}) are not JSON: read them as null to keep the field.
        example = JSON.parse(requestBody.raw.replace(/(?<!")\{\{[^{}]+\}\}(?!")/g, 'null'));
      } catch {
        warn('the raw body is not JSON and was left out');
      }
      if (example !== undefined) {
        const schema = schemaOfExample(example);
        const fieldNames = Object.keys((schema.properties as object | undefined) ?? {});
        if (schema.type === 'object' && !fieldNames.some((field) => Object.hasOwn(properties, field))) {
          // Fields become arguments; the function sends those not used elsewhere as the JSON body.
          for (const field of fieldNames)
            add(field, (schema.properties as Record<string, Record<string, unknown>>)[field]!, false);
        } else {
          const argument = Object.hasOwn(properties, 'body') ? 'request_body' : 'body';
          add(argument, schema, true);
          body = `{{${argument}}}`;
        }
      }
    } else if (requestBody.mode !== 'raw') {
      warn(`the ${requestBody.mode} body is not supported and was left out`);
    }
  }

  const parsedFn = HttpFunctionSchema.safeParse({
    name,
    description: describeOperation(
      item.name ?? '',
      text(request.description) || text(item.description),
      `${method} ${path}`,
    ),
    parameters: {
      type: 'object',
      properties,
      ...(required.length > 0 ? { required } : {}),
      additionalProperties: false,
    },
    method,
    url: `${origin}${path}${fixedQuery}`,
    query,
    headers,
    ...(body === undefined ? {} : { body }),
    bodyEncoding,
  });
  if (!parsedFn.success) {
    const issue = parsedFn.error.issues[0];
    throw new Error(`${issue?.path.join('.') || 'function'}: ${issue?.message ?? 'invalid'}`);
  }
  return {
    fn: parsedFn.data,
    path: decodeURI(new URL(`${origin}${path.replace(/\{\{([^{}]+)\}\}/g, '{$1}')}`).pathname),
  };
}

/**
 * A Postman collection v2.0/v2.1 as HTTP functions: each request becomes a function named after the
 * request, its folders (outermost first, joined by " / ") its tag. Collection variables with a value are
 * filled in; a URL starting with a variable without value takes the base URL given; other variables, path
 * variables (`:id`), query parameters and form fields become arguments; a raw JSON body's fields become
 * arguments typed after the example. The collection's (or, without one, the first request's) auth becomes
 * the tool's authentication.
 */
export function importPostman(
  document: Record<string, unknown>,
  version: '2.0' | '2.1',
  options: ImportOpenApiOptions,
): OpenApiImport {
  const parsed = CollectionSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new OpenApiImportError(
      `Invalid Postman collection: ${issue?.path.join('.') || 'the document'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const collection = parsed.data;
  const warnings = new Set<string>();
  const warn = (message: string) => warnings.add(message);
  const variables = new Map<string, string>();
  for (const variable of collection.variable ?? []) {
    if (variable.key && !variable.disabled && variable.value !== undefined && String(variable.value) !== '') {
      variables.set(variable.key, String(variable.value));
    }
  }
  const context: Context = { variables, baseUrl: options.baseUrl?.replace(/\/+$/, ''), warn };

  const requests: { item: Item; request: Exclude<z.infer<typeof RequestSchema>, string>; tags: string[] }[] =
    [];
  const walk = (items: Item[], folders: string[]) => {
    for (const item of items) {
      if (item.item) walk(item.item, item.name ? [...folders, item.name] : folders);
      else if (item.request !== undefined) {
        const request =
          typeof item.request === 'string' ? { method: 'GET', url: item.request } : item.request;
        requests.push({ item, request, tags: folders.length > 0 ? [folders.join(' / ')] : [] });
      }
    }
  };
  walk(collection.item, []);

  const authentication: FoundAuthentication[] = [];
  const collectionAuth = collection.auth ? readAuth(collection.auth, warn) : undefined;
  if (collectionAuth) authentication.push(collectionAuth);
  else {
    const first = requests.find(({ request }) => request.auth && request.auth.type !== 'noauth');
    const found = first?.request.auth ? readAuth(first.request.auth, warn) : undefined;
    if (found) authentication.push(found);
  }

  const selected = options.operations ? new Set(options.operations) : undefined;
  const nameFor = createNamer(warn);
  const seenKeys = new Map<string, number>();
  const operations: ImportedOperation[] = [];
  let baseUrl = context.baseUrl ?? null;
  const listOnly = !selected && requests.length > MAX_TOOL_FUNCTIONS;
  if (listOnly) {
    warn(
      `The collection has ${requests.length} requests, more than the ${MAX_TOOL_FUNCTIONS} a tool holds: pick the ones the agent needs`,
    );
  }
  for (const { item, request, tags } of requests) {
    const method = (request.method ?? 'GET').toUpperCase();
    const requestName = item.name ?? '';
    if (!SUPPORTED.has(method)) {
      warn(`${requestName || method}: ${method} is not supported and was left out`);
      continue;
    }
    try {
      const name = nameFor(
        requestName.trim() ? snakeCase(requestName) : nameFromPath(method, '/'),
        requestName || method,
      );
      const built = buildRequest(name, item, request, context, requestName || method);
      // Two requests may share method and path; the key tells them apart by the request's name.
      let key = `${method} ${built.path}`;
      const count = (seenKeys.get(key) ?? 0) + 1;
      seenKeys.set(key, count);
      if (count > 1) key = `${key} (${requestName || count})`;
      baseUrl ??= new URL(built.fn.url.replace(/\{\{[^{}]*\}\}/g, 'x')).origin;
      const isBuilt = selected ? selected.has(key) : !listOnly;
      operations.push({
        key,
        method: method as HttpMethod,
        path: built.path,
        summary: requestName,
        tags,
        function: isBuilt ? built.fn : null,
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
      warn(`${requestName || method} was left out: ${reason}`);
    }
  }
  return {
    title: collection.info.name ?? 'Postman collection',
    version: typeof collection.info.version === 'string' ? collection.info.version : '1',
    format: `Postman collection v${version}`,
    baseUrl,
    operations,
    authentication,
    warnings: [...warnings],
  };
}
