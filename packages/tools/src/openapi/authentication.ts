import type { HttpAuth, OpenApiPreview } from '@switchboard/contracts/tools';

export type FoundAuthentication = OpenApiPreview['authentication'][number];

/**
 * The secrets each scheme is built from, under fixed names: a tool has one authentication, so the names
 * need not tell schemes apart, and fixed names read well on the tool's page.
 */
export function authenticationFor(id: string, label: string, auth: HttpAuth): FoundAuthentication {
  const secrets = {
    api_key: [
      {
        name: 'api_key',
        label: `API key (${'in' in auth ? auth.in : ''} ${'name' in auth ? auth.name : ''})`,
      },
    ],
    bearer: [{ name: 'bearer_token', label: 'Bearer token' }],
    basic: [
      { name: 'username', label: 'Username' },
      { name: 'password', label: 'Password' },
    ],
    oauth2_client_credentials: [
      { name: 'client_id', label: 'Client ID' },
      { name: 'client_secret', label: 'Client secret' },
    ],
  }[auth.type];
  return { id, label, auth, secrets };
}

interface SecurityScheme {
  type?: string;
  in?: string;
  name?: string;
  scheme?: string;
  flows?: { clientCredentials?: { tokenUrl?: string; scopes?: Record<string, string> } };
}

type SecurityRequirement = Record<string, string[]>;

function absolute(url: string, baseUrl: string | null): string | null {
  try {
    return new URL(url, baseUrl ?? undefined).toString();
  } catch {
    return null;
  }
}

/**
 * The authentication an OpenAPI 3 document declares (`components.securitySchemes`), in the order a person
 * most likely wants: the schemes of the global `security` first, then those operations ask for, then the
 * rest. What Switchboard cannot do for a voice agent (a person signing in, OpenID Connect, digest) is
 * left out with a warning.
 */
export function readSecuritySchemes(
  document: {
    components?: { securitySchemes?: Record<string, unknown> };
    security?: SecurityRequirement[];
  },
  operationSecurity: SecurityRequirement[][],
  baseUrl: string | null,
  warn: (message: string) => void,
): FoundAuthentication[] {
  const schemes = document.components?.securitySchemes ?? {};
  const scopesWanted = new Map<string, Set<string>>();
  const order: string[] = [];
  for (const requirement of [...(document.security ?? []), ...operationSecurity.flat()]) {
    for (const [id, scopes] of Object.entries(requirement ?? {})) {
      if (!order.includes(id)) order.push(id);
      const wanted = scopesWanted.get(id) ?? new Set<string>();
      for (const scope of Array.isArray(scopes) ? scopes : []) wanted.add(String(scope));
      scopesWanted.set(id, wanted);
    }
  }
  for (const id of Object.keys(schemes)) if (!order.includes(id)) order.push(id);

  const found: FoundAuthentication[] = [];
  for (const id of order) {
    const scheme = schemes[id] as SecurityScheme | undefined;
    if (!scheme || typeof scheme !== 'object') continue;
    const type = String(scheme.type ?? '');
    const httpScheme = String(scheme.scheme ?? '').toLowerCase();
    if (type === 'apiKey' && ['header', 'query', 'cookie'].includes(String(scheme.in)) && scheme.name) {
      const where = scheme.in as 'header' | 'query' | 'cookie';
      found.push(
        authenticationFor(id, `API key in the ${where} "${scheme.name}"`, {
          type: 'api_key',
          in: where,
          name: scheme.name,
          secret: 'api_key',
        }),
      );
    } else if (type === 'http' && httpScheme === 'bearer') {
      found.push(authenticationFor(id, 'Bearer token', { type: 'bearer', secret: 'bearer_token' }));
    } else if (type === 'http' && httpScheme === 'basic') {
      found.push(
        authenticationFor(id, 'HTTP basic (username and password)', {
          type: 'basic',
          usernameSecret: 'username',
          passwordSecret: 'password',
        }),
      );
    } else if (type === 'oauth2' && scheme.flows?.clientCredentials?.tokenUrl) {
      const tokenUrl = absolute(scheme.flows.clientCredentials.tokenUrl, baseUrl);
      if (!tokenUrl?.startsWith('http')) {
        warn(
          `The security scheme "${id}": the token URL "${scheme.flows.clientCredentials.tokenUrl}" is not usable`,
        );
        continue;
      }
      found.push(
        authenticationFor(id, 'OAuth2 client credentials', {
          type: 'oauth2_client_credentials',
          tokenUrl,
          scopes: [...(scopesWanted.get(id) ?? [])],
          clientIdSecret: 'client_id',
          clientSecretSecret: 'client_secret',
        }),
      );
    } else {
      const what =
        type === 'http'
          ? `HTTP ${httpScheme}`
          : type === 'oauth2'
            ? 'OAuth2 without client credentials (a person signs in)'
            : type;
      warn(`The security scheme "${id}" (${what}) is not supported; add its header to the tool by hand`);
    }
  }
  return found;
}
