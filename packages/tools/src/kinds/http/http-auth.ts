import type { HttpAuth } from '@switchboard/contracts/tools';
import type { EgressFetch } from '../../egress/egress-guard.ts';
import { secretsOfAuth } from './destinations.ts';
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
  switch (auth?.type) {
    case undefined:
      return { apply: async () => NOTHING };
    case 'api_key':
      return {
        async apply(url, headers) {
          if (auth.in === 'header') headers.set(auth.name, secret(auth.secret));
          else if (auth.in === 'query') url.searchParams.set(auth.name, secret(auth.secret));
          else {
            const cookie = `${auth.name}=${secret(auth.secret)}`;
            const existing = headers.get('cookie');
            headers.set('cookie', existing ? `${existing}; ${cookie}` : cookie);
          }
          return NOTHING;
        },
      };
    case 'bearer':
      return {
        async apply(_url, headers) {
          headers.set('authorization', `Bearer ${secret(auth.secret)}`);
          return NOTHING;
        },
      };
    case 'basic': {
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
