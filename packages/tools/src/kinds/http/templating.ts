import { ToolCallError } from '../../tool-function.ts';
import { HttpToolConfigError } from './http-tool-config-error.ts';

/*
 * Templates of HTTP functions, compiled once when the tool is built.
 *
 * - `{{name}}` is the argument `name`; `{{secrets.name}}` is the tool's secret `name`.
 * - Secrets may appear in headers and in the query string of the URL (after `?`) only. They are refused in
 *   the URL path and in the body, where a remote server is likely to reflect them back to the model.
 * - Every problem found here is a configuration mistake and throws HttpToolConfigError at build time, so a
 *   broken function never reaches the model.
 */

/** A placeholder found in a template: an argument or a secret. */
export interface Placeholder {
  kind: 'argument' | 'secret';
  name: string;
}

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;
const PLACEHOLDER_HERE = /\{\{\s*([^{}\s]+)\s*\}\}/y;

function toPlaceholder(raw: string): Placeholder {
  return raw.startsWith('secrets.')
    ? { kind: 'secret', name: raw.slice('secrets.'.length) }
    : { kind: 'argument', name: raw };
}

/** Every placeholder of a template, in order. */
export function placeholdersIn(template: string): Placeholder[] {
  return [...template.matchAll(PLACEHOLDER)].map((m) => toPlaceholder(m[1]!));
}

/** What a compiled template needs to render: the validated arguments and the tool's secrets. */
export interface RenderContext {
  args: Record<string, unknown>;
  secrets: Record<string, string>;
}

/** How an argument is written into a URL or a header: strings as they are, anything else as JSON. */
export function formatScalar(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return JSON.stringify(value);
}

function isMissing(value: unknown): boolean {
  return value === undefined || value === null;
}

/** Checks that every secret a template names is configured and every argument is a declared parameter. */
function checkReferences(
  placeholders: Placeholder[],
  where: string,
  parameterNames: ReadonlySet<string>,
  secrets: Record<string, string>,
): void {
  for (const p of placeholders) {
    if (p.kind === 'secret' && !Object.hasOwn(secrets, p.name)) {
      throw new HttpToolConfigError(`${where} uses {{secrets.${p.name}}}, but no secret "${p.name}" is set`);
    }
    if (p.kind === 'argument' && !parameterNames.has(p.name)) {
      throw new HttpToolConfigError(
        `${where} uses {{${p.name}}}, which is not one of the function's parameters`,
      );
    }
  }
}

function refuseSecrets(placeholders: Placeholder[], where: string): void {
  const secret = placeholders.find((p) => p.kind === 'secret');
  if (secret) {
    throw new HttpToolConfigError(
      `${where} uses {{secrets.${secret.name}}}; secrets are allowed only in headers and the query string`,
    );
  }
}

export interface CompiledUrl {
  /** Arguments the URL template uses (path or query string). */
  argumentNames: Set<string>;
  render(context: RenderContext): URL;
}

/**
 * Compiles a URL template. Placeholders are percent-encoded with encodeURIComponent, so an argument always
 * stays inside its path segment (`/pets/{{id}}` with id `a/b` requests `/pets/a%2Fb`). An argument missing
 * from the path is an error; one missing from the query string of the template renders as empty text.
 * Arguments listed in `query` are appended as query parameters: arrays repeat the parameter, missing
 * values are omitted.
 */
export function compileUrl(
  template: string,
  query: readonly string[],
  where: string,
  parameterNames: ReadonlySet<string>,
  secrets: Record<string, string>,
): CompiledUrl {
  if (!/^https?:\/\//i.test(template)) {
    throw new HttpToolConfigError(`${where} must start with http:// or https://`);
  }
  const queryStart = template.indexOf('?');
  const pathPart = queryStart === -1 ? template : template.slice(0, queryStart);
  const queryPart = queryStart === -1 ? '' : template.slice(queryStart);
  const pathPlaceholders = placeholdersIn(pathPart);
  refuseSecrets(pathPlaceholders, `${where} (path)`);
  const queryPlaceholders = placeholdersIn(queryPart);
  checkReferences([...pathPlaceholders, ...queryPlaceholders], where, parameterNames, secrets);
  for (const name of query) {
    if (!parameterNames.has(name)) {
      throw new HttpToolConfigError(
        `${where}: query parameter "${name}" is not one of the function's parameters`,
      );
    }
  }
  try {
    new URL(pathPart.replace(PLACEHOLDER, 'x'));
  } catch {
    throw new HttpToolConfigError(`${where} is not a valid URL`);
  }

  const argumentNames = new Set(
    [...pathPlaceholders, ...queryPlaceholders].filter((p) => p.kind === 'argument').map((p) => p.name),
  );
  for (const name of query) argumentNames.add(name);

  return {
    argumentNames,
    render({ args, secrets: values }) {
      const path = pathPart.replace(PLACEHOLDER, (_, raw: string) => {
        const value = args[raw];
        if (isMissing(value)) throw new ToolCallError(`"${raw}" is required to build the request URL`);
        return encodeURIComponent(formatScalar(value));
      });
      const search = queryPart.replace(PLACEHOLDER, (_, raw: string) => {
        const p = toPlaceholder(raw);
        const value = p.kind === 'secret' ? values[p.name] : args[p.name];
        return isMissing(value) ? '' : encodeURIComponent(formatScalar(value));
      });
      let url: URL;
      try {
        url = new URL(path + search);
      } catch {
        throw new ToolCallError('The arguments do not make a valid request URL');
      }
      for (const name of query) {
        const value = args[name];
        for (const item of Array.isArray(value) ? value : [value]) {
          if (!isMissing(item)) url.searchParams.append(name, formatScalar(item));
        }
      }
      return url;
    },
  };
}

export interface CompiledHeaders {
  argumentNames: Set<string>;
  render(context: RenderContext): Headers;
}

/**
 * Compiles the tool's headers and the function's headers; a function header replaces a tool header of the
 * same name (case-insensitively). A header that names an argument the model did not give is left out, so
 * optional header parameters work. Secrets are substituted as they are.
 */
export function compileHeaders(
  toolHeaders: Record<string, string>,
  functionHeaders: Record<string, string>,
  where: string,
  parameterNames: ReadonlySet<string>,
  secrets: Record<string, string>,
): CompiledHeaders {
  const merged = new Map<string, { name: string; template: string; placeholders: Placeholder[] }>();
  for (const [source, headers] of [
    ['tool header', toolHeaders],
    [`${where} header`, functionHeaders],
  ] as const) {
    for (const [name, template] of Object.entries(headers)) {
      if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) {
        throw new HttpToolConfigError(`${source} "${name}" is not a valid header name`);
      }
      const placeholders = placeholdersIn(template);
      checkReferences(placeholders, `${source} "${name}"`, parameterNames, secrets);
      merged.set(name.toLowerCase(), { name, template, placeholders });
    }
  }
  const argumentNames = new Set(
    [...merged.values()].flatMap((h) =>
      h.placeholders.filter((p) => p.kind === 'argument').map((p) => p.name),
    ),
  );

  return {
    argumentNames,
    render({ args, secrets: values }) {
      const headers = new Headers();
      for (const { name, template, placeholders } of merged.values()) {
        if (placeholders.some((p) => p.kind === 'argument' && isMissing(args[p.name]))) continue;
        const value = template.replace(PLACEHOLDER, (_, raw: string) => {
          const p = toPlaceholder(raw);
          return p.kind === 'secret' ? (values[p.name] ?? '') : formatScalar(args[p.name]);
        });
        if (/[\r\n\0]/.test(value))
          throw new ToolCallError(`The value for header "${name}" cannot contain line breaks`);
        try {
          headers.set(name, value);
        } catch {
          throw new ToolCallError(
            `The value for header "${name}" contains characters HTTP headers cannot carry`,
          );
        }
      }
      return headers;
    },
  };
}

type BodySegment = { text: string } | { name: string; inString: boolean };

/** Splits a JSON body template into text and placeholders, noting which placeholders sit inside a string. */
function splitBodyTemplate(template: string): BodySegment[] {
  const segments: BodySegment[] = [];
  let text = '';
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const char = template[i]!;
    if (char === '{' && template[i + 1] === '{') {
      PLACEHOLDER_HERE.lastIndex = i;
      const match = PLACEHOLDER_HERE.exec(template);
      if (match) {
        segments.push({ text }, { name: match[1]!, inString });
        text = '';
        i += match[0].length - 1;
        continue;
      }
    }
    if (inString && char === '\\') {
      text += char + (template[i + 1] ?? '');
      i++;
      continue;
    }
    if (char === '"') inString = !inString;
    text += char;
  }
  segments.push({ text });
  return segments;
}

export interface CompiledBody {
  argumentNames: Set<string>;
  render(args: Record<string, unknown>): string;
}

/**
 * The body placeholder for the time the request is sent (ISO 8601, UTC): APIs that want a record's time
 * (HubSpot's `hs_timestamp`) get the real one, not a guess of the model's.
 */
const NOW = '$now';

/**
 * Compiles a body template: JSON text in which a placeholder standing as a whole JSON value is replaced by
 * the JSON encoding of the argument (`{{body}}` sends `args.body` as JSON, `{"n": {{n}}}` sends a number;
 * a missing argument becomes `null`). A placeholder inside a JSON string is replaced by the argument's text,
 * escaped for JSON (`"Hello {{name}}"`). `{{$now}}` is the current time. The template must be valid JSON
 * once filled in.
 */
export function compileBody(
  template: string,
  where: string,
  parameterNames: ReadonlySet<string>,
): CompiledBody {
  const placeholders = placeholdersIn(template).filter((p) => p.name !== NOW);
  refuseSecrets(placeholders, where);
  checkReferences(placeholders, where, parameterNames, {});
  const segments = splitBodyTemplate(template);
  const render = (args: Record<string, unknown>): string =>
    segments
      .map((s) => {
        if ('text' in s) return s.text;
        const value = s.name === NOW ? new Date().toISOString() : args[s.name];
        if (s.inString) return isMissing(value) ? '' : JSON.stringify(formatScalar(value)).slice(1, -1);
        return isMissing(value) ? 'null' : JSON.stringify(value);
      })
      .join('');
  try {
    JSON.parse(render({}));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HttpToolConfigError(
      `${where} is not valid JSON once its placeholders are filled in: ${reason}`,
    );
  }
  return {
    argumentNames: new Set(placeholders.map((p) => p.name)),
    render,
  };
}
