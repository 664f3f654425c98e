import type { HttpAuth, HttpToolConfig } from '@switchboard/contracts/tools';
import { placeholdersIn } from './templating.ts';

/** The secrets an authentication scheme is built from (http-auth.ts builds it in the worker tier). */
export function secretsOfAuth(auth: HttpAuth | undefined): string[] {
  switch (auth?.type) {
    case undefined:
      return [];
    case 'api_key':
    case 'bearer':
      return [auth.secret];
    case 'basic':
      return [auth.usernameSecret, auth.passwordSecret];
    case 'oauth2_client_credentials':
      return [auth.clientIdSecret, auth.clientSecretSecret];
  }
}

/**
 * The origins (scheme://host:port) an HTTP tool sends requests to: the destinations its secrets were given
 * for. The contract keeps placeholders out of the origin of a URL, so each is fixed by the configuration.
 */
export function originsOf(config: HttpToolConfig): Set<string> {
  const origins = new Set<string>();
  for (const fn of config.functions) {
    try {
      origins.add(new URL(fn.url.replace(/\{\{[^{}]*\}\}/g, 'x')).origin);
    } catch {
      // Not a URL: no request can be sent there, so no secret can either.
    }
  }
  // The OAuth2 client credentials go to the token endpoint.
  if (config.auth?.type === 'oauth2_client_credentials') origins.add(new URL(config.auth.tokenUrl).origin);
  return origins;
}

/** What fetch accepts in a header value: Latin-1, no NUL or line break. */
export const HEADER_VALUE = /^[^\0\r\n\u0100-\u{10FFFF}]*$/u;

/**
 * The secrets an HTTP tool sends as they are in a header: placeholders in its headers, an API key in a header,
 * a bearer token. (Basic and OAuth2 credentials are base64- or form-encoded first, so any text fits.)
 */
export function secretsSentInHeaders(config: HttpToolConfig): Set<string> {
  const templates = [
    ...Object.values(config.headers),
    ...config.functions.flatMap((fn) => Object.values(fn.headers)),
  ];
  const auth = config.auth;
  return new Set([
    ...templates.flatMap((template) =>
      placeholdersIn(template)
        .filter((placeholder) => placeholder.kind === 'secret')
        .map((placeholder) => placeholder.name),
    ),
    ...(auth?.type === 'bearer' || (auth?.type === 'api_key' && auth.in === 'header') ? [auth.secret] : []),
  ]);
}

/** The secrets an HTTP tool uses: its templates' (tool headers, function headers, query strings) and its authentication's. */
export function secretsUsedBy(config: HttpToolConfig): Set<string> {
  const templates = [
    ...Object.values(config.headers),
    ...config.functions.flatMap((fn) => [fn.url, ...Object.values(fn.headers)]),
  ];
  return new Set([
    ...templates.flatMap((template) =>
      placeholdersIn(template)
        .filter((placeholder) => placeholder.kind === 'secret')
        .map((placeholder) => placeholder.name),
    ),
    ...secretsOfAuth(config.auth),
  ]);
}
