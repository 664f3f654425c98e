import type { HttpAuth } from '@switchboard/contracts/tools';
import type { EgressFetch } from '../../egress/egress-guard.ts';
import { HEADER_VALUE, secretsOfAuth } from './destinations.ts';
import { HttpToolConfigError } from './http-tool-config-error.ts';
import { clientCredentialsTokens } from './oauth2-client-credentials.ts';

/** What a tool's authentication adds to one request. */
export interface AppliedAuth {
  /** A token fetched for this request (OAuth2): to redact from what the model sees, and to drop on a 401. */
  token?: string;
  /** After a 401: drops the token; true when sending again with a fresh one may succeed. */
  refused(): boolean;
}

export interface HttpAuthenticator {
  apply(url: URL, headers: Headers, signal: AbortSignal): Promise<AppliedAuth>;
}

const NOTHING: AppliedAuth = { refused: () => false };

/** RFC 6265's cookie-octets: a key made only of them is sent as it is. */
const COOKIE_OCTETS = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;

/**
 * A key with a space, `;`, `,`, a quote, a backslash or non-ASCII would end the cookie early or be refused:
 * such a key is percent-encoded whole (what servers' cookie parsers decode); any other is sent as it is.
 */
function cookieValue(value: string): string {
  return COOKIE_OCTETS.test(value) ? value : encodeURIComponent(value);
}

/**
 * Values to redact besides the secrets themselves: a Basic credential's `username:password` (its base64 is
 * what a server echoes; each part alone may be too short to be found inside it). The key is no secret's name.
 */
export function derivedSecrets(
  auth: HttpAuth | undefined,
  secrets: Record<string, string>,
): Record<string, string> {
  if (auth?.type !== 'basic') return {};
  return {
    'basic:credential': `${secrets[auth.usernameSecret] ?? ''}:${secrets[auth.passwordSecret] ?? ''}`,
  };
}

/**
 * Builds the tool's authentication from its opened secrets (worker tier only). Throws HttpToolConfigError
 * when a secret it needs is not set.
 */
export function createAuthenticator(
  auth: HttpAuth | undefined,
  secrets: Record<string, string>,
  fetch: EgressFetch,
): HttpAuthenticator {
  for (const name of secretsOfAuth(auth)) {
    if (!secrets[name]) {
      throw new HttpToolConfigError(`The tool's authentication needs the secret "${name}", which is not set`);
    }
  }
  const secret = (name: string) => secrets[name] ?? '';
  // A header carries bytes: fetch would refuse such a value on every call, quoting it (a secret).
  const headerSecret = (name: string) => {
    if (!HEADER_VALUE.test(secret(name))) {
      throw new HttpToolConfigError(
        `The secret "${name}" holds characters an HTTP header cannot carry (line breaks or characters beyond Latin-1); set it again`,
      );
    }
    return secret(name);
  };
  switch (auth?.type) {
    case undefined:
      return { apply: async () => NOTHING };
    case 'api_key': {
      const value = auth.in === 'header' ? headerSecret(auth.secret) : secret(auth.secret);
      return {
        async apply(url, headers) {
          if (auth.in === 'header') headers.set(auth.name, value);
          else if (auth.in === 'query') url.searchParams.set(auth.name, value);
          else {
            const cookie = `${auth.name}=${cookieValue(value)}`;
            const existing = headers.get('cookie');
            headers.set('cookie', existing ? `${existing}; ${cookie}` : cookie);
          }
          return NOTHING;
        },
      };
    }
    case 'bearer': {
      const value = headerSecret(auth.secret);
      return {
        async apply(_url, headers) {
          headers.set('authorization', `Bearer ${value}`);
          return NOTHING;
        },
      };
    }
    case 'basic': {
      // RFC 7617: the server splits at the first colon, so only the password may hold one.
      if (secret(auth.usernameSecret).includes(':')) {
        throw new HttpToolConfigError(
          `The secret "${auth.usernameSecret}" is a Basic username and cannot hold a colon; set it again`,
        );
      }
      const credential = Buffer.from(
        `${secret(auth.usernameSecret)}:${secret(auth.passwordSecret)}`,
        'utf8',
      ).toString('base64');
      return {
        async apply(_url, headers) {
          headers.set('authorization', `Basic ${credential}`);
          return NOTHING;
        },
      };
    }
    case 'oauth2_client_credentials': {
      const tokens = clientCredentialsTokens(
        {
          tokenUrl: auth.tokenUrl,
          scopes: auth.scopes,
          clientId: secret(auth.clientIdSecret),
          clientSecret: secret(auth.clientSecretSecret),
        },
        fetch,
      );
      return {
        async apply(_url, headers, signal) {
          const token = await tokens.token(signal);
          headers.set('authorization', `Bearer ${token}`);
          return {
            token,
            refused: () => {
              tokens.invalidate(token);
              return true;
            },
          };
        },
      };
    }
  }
}
