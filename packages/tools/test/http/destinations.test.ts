import { type HttpFunction, HttpFunctionSchema, HttpToolConfigSchema } from '@switchboard/contracts/tools';
import { describe, expect, it } from 'vitest';
import { originsOf, secretsUsedBy } from '../../src/kinds/http/destinations.ts';

const fn = (url: string, extra: Partial<HttpFunction> = {}) => ({
  name: `f${Math.random().toString(36).slice(2, 8)}`,
  description: 'A function',
  parameters: { type: 'object', properties: { id: { type: 'string' }, q: { type: 'string' } } },
  method: 'GET',
  url,
  ...extra,
});

describe('where an HTTP tool sends its requests', () => {
  it('is the set of origins of its URLs: scheme, host and port, default ports folded', () => {
    const config = HttpToolConfigSchema.parse({
      functions: [
        fn('https://api.example.com/orders/{{id}}'),
        fn('https://API.example.com:443/other?x={{q}}'),
        fn('http://api.example.com/plain'),
        fn('https://api.example.com:8443/v2'),
      ],
    });
    expect([...originsOf(config)].sort()).toEqual([
      'http://api.example.com',
      'https://api.example.com',
      'https://api.example.com:8443',
    ]);
  });

  it('cannot depend on an argument: the contract refuses placeholders in the scheme, host or port', () => {
    for (const url of [
      'https://{{host}}/x',
      'https://api.example.com{{path}}',
      'https://api.example.com:{{port}}/x',
      'https://user@{{host}}/x',
      '{{scheme}}://api.example.com/x',
    ]) {
      const parsed = HttpFunctionSchema.safeParse(fn(url));
      expect([url, parsed.error?.issues[0]?.path]).toEqual([url, ['url']]);
    }
    for (const url of ['https://api.example.com/{{id}}', 'https://api.example.com?q={{q}}']) {
      expect([url, HttpFunctionSchema.safeParse(fn(url)).success]).toEqual([url, true]);
    }
  });
});

describe('the secrets an HTTP tool uses', () => {
  it('are those named in tool headers, function headers and query strings', () => {
    const config = HttpToolConfigSchema.parse({
      headers: { Authorization: 'Bearer {{secrets.token}}' },
      functions: [
        fn('https://api.example.com/x?key={{secrets.key}}&id={{id}}', {
          headers: { 'X-Tenant': '{{ secrets.tenant }}', 'X-Id': '{{id}}' },
        }),
      ],
    });
    expect([...secretsUsedBy(config)].sort()).toEqual(['key', 'tenant', 'token']);
  });
});

describe('an HTTP tool with authentication', () => {
  it('sends its OAuth2 client credentials to the token endpoint, a destination of its own', () => {
    const config = HttpToolConfigSchema.parse({
      auth: {
        type: 'oauth2_client_credentials',
        tokenUrl: 'https://login.example.com/oauth/token',
        clientIdSecret: 'client_id',
        clientSecretSecret: 'client_secret',
      },
      functions: [fn('https://api.example.com/orders', { headers: { 'X-Trace': '{{secrets.trace}}' } })],
    });
    expect([...originsOf(config)].sort()).toEqual(['https://api.example.com', 'https://login.example.com']);
    expect([...secretsUsedBy(config)].sort()).toEqual(['client_id', 'client_secret', 'trace']);
  });

  it('uses the secrets its scheme is built from', () => {
    const basic = HttpToolConfigSchema.parse({
      auth: { type: 'basic', usernameSecret: 'username', passwordSecret: 'password' },
      functions: [fn('https://api.example.com/orders')],
    });
    expect([...secretsUsedBy(basic)]).toEqual(['username', 'password']);
  });
});
