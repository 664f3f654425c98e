import { type HttpToolConfig, HttpToolConfigSchema } from '@switchboard/contracts/tools';
import type { EgressFetch } from '../../egress/egress-guard.ts';
import type { ReadyToolFunction } from '../../tool-function.ts';
import { createAuthenticator, derivedSecrets } from './http-auth.ts';
import { createHttpFunction } from './http-function.ts';
import { HttpToolConfigError } from './http-tool-config-error.ts';
import { createRedactor } from './redaction.ts';

export interface CreateHttpFunctionsInput {
  config: HttpToolConfig;
  /** The tool's decrypted secrets by name; referenced as `{{secrets.name}}` in headers and query strings. */
  secrets: Record<string, string>;
  /** The egress guard's fetch: a tool's URLs are the tenant's choice. */
  fetch: EgressFetch;
  /** Longest result handed to the model, in characters; longer ones are cut with a note. Default 4000. */
  maxResponseChars?: number;
}

/**
 * Builds the callable functions of an HTTP tool from its stored configuration. Throws HttpToolConfigError
 * when the configuration cannot work (a secret in the URL path or body, an unknown secret or argument in a
 * template, a body that is not JSON, duplicate names, a secret the authentication needs but is not set);
 * see templating.ts, http-function.ts and http-auth.ts for what a call does.
 */
export function createHttpFunctions(input: CreateHttpFunctionsInput): ReadyToolFunction[] {
  const parsed = HttpToolConfigSchema.safeParse(input.config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new HttpToolConfigError(
      `Invalid HTTP tool configuration: ${issue?.path.join('.') || 'config'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const config = parsed.data;
  const names = new Set<string>();
  for (const fn of config.functions) {
    if (names.has(fn.name)) throw new HttpToolConfigError(`Two functions are named ${fn.name}`);
    names.add(fn.name);
  }
  const options = {
    toolHeaders: config.headers,
    secrets: input.secrets,
    redactor: createRedactor({ ...input.secrets, ...derivedSecrets(config.auth, input.secrets) }),
    authenticator: createAuthenticator(config.auth, input.secrets, input.fetch),
    fetch: input.fetch,
    maxResponseChars: input.maxResponseChars ?? 4000,
  };
  return config.functions.map((fn) => createHttpFunction(fn, options));
}
