import type { HttpFunction } from '@switchboard/contracts/tools';
import { EgressError } from '../../egress/egress-error.ts';
import type { EgressFetch } from '../../egress/egress-guard.ts';
import { type ReadyToolFunction, ToolCallError } from '../../tool-function.ts';
import { validateArguments } from '../../validate-arguments.ts';
import { type EncodedBody, encodeBody } from './form-body.ts';
import type { HttpAuthenticator } from './http-auth.ts';
import { HttpToolConfigError } from './http-tool-config-error.ts';
import { readResult, readText, truncate } from './read-response.ts';
import { createRedactor, type Redactor } from './redaction.ts';
import { compileBody, compileHeaders, compileUrl } from './templating.ts';

/** Characters of an error response's body quoted in the error message. */
const ERROR_BODY_CHARS = 1000;

const METHODS_WITH_DEFAULT_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** Every method but GET may change something upstream, so a barge-in must not cut it off mid-flight. */
export function isMutatingMethod(method: HttpFunction['method']): boolean {
  return method !== 'GET';
}

export interface HttpFunctionOptions {
  toolHeaders: Record<string, string>;
  secrets: Record<string, string>;
  redactor: Redactor;
  authenticator: HttpAuthenticator;
  fetch: EgressFetch;
  maxResponseChars: number;
}

function describeNetworkError(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (cause as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return code;
  return cause instanceof Error ? cause.message : 'network error';
}

/**
 * Turns one stored HTTP function into a function the model can call. Checks its templates now (throwing
 * HttpToolConfigError) and, on each call: validates the arguments, renders URL, headers and body, sends the
 * request with the function's timeout combined with the caller's signal, and returns the response body.
 *
 * - Timeout → ToolCallError "The request to <host> timed out after N ms".
 * - Caller abort → the caller's own abort reason is thrown, like fetch does.
 * - A destination the egress guard refuses, or too many redirects → ToolCallError with the guard's message.
 * - Network failure → ToolCallError naming the host and the error code.
 * - Non-2xx → ToolCallError naming the status and the start of the body.
 * No URL is ever quoted (its query string may hold a secret) and every message and result is redacted.
 * Unless the configuration sets them, requests carry an Accept header preferring JSON, then text, and,
 * with a body, the Content-Type of its encoding (JSON, urlencoded form, multipart form). The tool's
 * authentication is added last; with OAuth2, a 401 drops the token and the request is sent once more.
 */
export function createHttpFunction(fn: HttpFunction, options: HttpFunctionOptions): ReadyToolFunction {
  const where = `Function ${fn.name}:`;
  const parameterNames = new Set(Object.keys(fn.parameters.properties ?? {}));
  const url = compileUrl(fn.url, fn.query ?? [], `${where} url`, parameterNames, options.secrets);
  const headers = compileHeaders(
    options.toolHeaders,
    fn.headers ?? {},
    where,
    parameterNames,
    options.secrets,
  );
  if (fn.body !== undefined && fn.method === 'GET') {
    throw new HttpToolConfigError(`${where} a GET request cannot have a body`);
  }
  const encoding = fn.bodyEncoding ?? 'json';
  if (fn.body !== undefined && encoding !== 'json') {
    throw new HttpToolConfigError(
      `${where} a ${encoding} body is made of the arguments; a body template is for JSON only`,
    );
  }
  const body = fn.body === undefined ? undefined : compileBody(fn.body, `${where} body`, parameterNames);
  const usedElsewhere = new Set([...url.argumentNames, ...headers.argumentNames]);
  // A form is always the arguments not used elsewhere; a JSON body is, without a template, for the methods
  // that usually carry one.
  const hasDefaultBody =
    body === undefined &&
    (encoding !== 'json' ? fn.method !== 'GET' : METHODS_WITH_DEFAULT_BODY.has(fn.method));
  const timeoutMs = fn.timeoutMs ?? 10_000;
  const { secrets, maxResponseChars } = options;

  const renderBody = async (args: Record<string, unknown>): Promise<EncodedBody | undefined> => {
    if (body) return { body: body.render(args), contentType: 'application/json' };
    if (!hasDefaultBody) return undefined;
    return encodeBody(
      Object.fromEntries(Object.entries(args).filter(([name]) => !usedElsewhere.has(name))),
      encoding,
    );
  };

  return {
    name: fn.name,
    description: fn.description,
    parameters: fn.parameters,
    mutates: isMutatingMethod(fn.method),
    async execute(rawArgs, signal) {
      signal.throwIfAborted();
      const args = validateArguments(fn, rawArgs);
      const requestUrl = url.render({ args, secrets });
      const requestHeaders = headers.render({ args, secrets });
      const requestBody = await renderBody(args);
      // A multipart body's type names its boundary: only the encoder can write it.
      if (requestBody && (encoding === 'multipart' || !requestHeaders.has('content-type'))) {
        requestHeaders.set('content-type', requestBody.contentType);
      }
      if (!requestHeaders.has('accept')) {
        requestHeaders.set('accept', 'application/json, text/*;q=0.9, */*;q=0.5');
      }
      const host = requestUrl.host;

      const timeout = AbortSignal.timeout(timeoutMs);
      const combined = AbortSignal.any([signal, timeout]);
      let redactor = options.redactor;
      const failure = (error: unknown): unknown => {
        if (signal.aborted) return signal.reason;
        if (error instanceof ToolCallError) return error;
        if (error instanceof EgressError) return new ToolCallError(redactor.text(error.message));
        if (timeout.aborted) {
          return new ToolCallError(`The request to ${host} timed out after ${timeoutMs} ms`);
        }
        return new ToolCallError(
          redactor.text(`The request to ${host} failed: ${describeNetworkError(error)}`),
        );
      };

      const send = async () => {
        const sentUrl = new URL(requestUrl);
        const sentHeaders = new Headers(requestHeaders);
        const auth = await options.authenticator.apply(sentUrl, sentHeaders, combined);
        // A fetched token is as secret as the tool's secrets: kept out of what the model reads.
        if (auth.token) redactor = createRedactor({ ...secrets, token: auth.token });
        const response = await options.fetch(sentUrl, {
          method: fn.method,
          headers: sentHeaders,
          body: requestBody?.body,
          signal: combined,
        });
        return { response, auth };
      };

      try {
        const first = await send();
        let response = first.response;
        if (response.status === 401 && first.auth.refused()) {
          await response.body?.cancel();
          response = (await send()).response;
        }
        if (!response.ok) {
          const { text, isCut } = await readText(response, ERROR_BODY_CHARS * 4);
          const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
          const quoted = text ? `: ${truncate(redactor.text(text), ERROR_BODY_CHARS, isCut)}` : '';
          throw new ToolCallError(`The request to ${host} failed with status ${status}${quoted}`);
        }
        return await readResult(response, maxResponseChars, redactor);
      } catch (error) {
        throw failure(error);
      }
    },
  };
}
