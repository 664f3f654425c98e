import { type HttpAuth, type HttpFunction, HttpFunctionSchema } from '@switchboard/contracts/tools';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEgressGuard, type EgressGuard } from '../../src/egress/egress-guard.ts';
import { createHttpFunctions } from '../../src/kinds/http/create-http-functions.ts';
import { HttpToolConfigError } from '../../src/kinds/http/http-tool-config-error.ts';
import { type EchoedRequest, startTestServer, type TestServer } from '../../src/testing/test-server.ts';
import { ToolCallError } from '../../src/tool-function.ts';

const CLIENT_ID = 'client-abc';
const CLIENT_SECRET = 'cs-7f6e5d4c3b2a19';

let server: TestServer;
// The test server is on 127.0.0.1, which the egress guard refuses unless the operator allows it.
const egress: EgressGuard = createEgressGuard({ allow: ['127.0.0.1'] });
/** Tokens the fake authorization server issued and the fake API still accepts. */
const validTokens = new Set<string>();
let issued = 0;
let tokenRequests: EchoedRequest[] = [];

beforeAll(async () => {
  server = await startTestServer({
    '/oauth/token': (req, res, echoed) => {
      tokenRequests.push(echoed);
      const expected = `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString('base64')}`;
      const form = new URLSearchParams(echoed.rawBody);
      if (req.headers.authorization !== expected || form.get('grant_type') !== 'client_credentials') {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'invalid_client' }));
        return;
      }
      const token = `tok-${++issued}-secretvalue`;
      validTokens.add(token);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 }));
    },
    // Decodes client_secret_basic as RFC 6749 §2.3.1 says: base64, split at the colon, form-decode each part.
    '/oauth/decoding': (req, res) => {
      const decoded = Buffer.from(
        req.headers.authorization?.replace(/^Basic /, '') ?? '',
        'base64',
      ).toString();
      const [id, secret] = decoded.split(':').map((part) => new URLSearchParams(`v=${part}`).get('v'));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: `decoded:${id}|${secret}`, expires_in: 3600 }));
    },
    '/refused': (req, res) => {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end(`Bad credentials: ${req.headers.authorization}`);
    },
    '/protected': (req, res, echoed) => {
      const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
      if (!validTokens.has(token)) {
        res.writeHead(401, { 'content-type': 'text/plain' });
        res.end(`token ${token} is not valid`);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, path: echoed.path }));
    },
  });
});

afterAll(async () => {
  await Promise.all([server.close(), egress.close()]);
});

afterEach(() => {
  vi.useRealTimers();
});

function fn(partial: Partial<HttpFunction> & Pick<HttpFunction, 'name' | 'url'>): HttpFunction {
  return HttpFunctionSchema.parse({
    description: `Test function ${partial.name}`,
    method: 'GET',
    parameters: { type: 'object', properties: {} },
    ...partial,
  });
}

function build(functions: HttpFunction[], secrets: Record<string, string> = {}, auth?: HttpAuth) {
  const built = createHttpFunctions({
    config: { headers: {}, functions, ...(auth && { auth }) },
    secrets,
    fetch: egress.fetch,
  });
  return Object.fromEntries(built.map((f) => [f.name, f]));
}

const call = (f: { execute(args: unknown, signal: AbortSignal): Promise<unknown> }, args: unknown = {}) =>
  f.execute(args, new AbortController().signal) as Promise<EchoedRequest>;

/** What the server received (the echo the model reads has the secrets redacted). */
async function sent(f: {
  execute(args: unknown, signal: AbortSignal): Promise<unknown>;
}): Promise<EchoedRequest> {
  await call(f);
  return server.requests.at(-1)!;
}

describe('form bodies', () => {
  const parameters = {
    type: 'object' as const,
    properties: {
      id: { type: 'string' },
      amount: { type: 'integer', minimum: 1 },
      metadata: { type: 'object', properties: { order: { type: 'string' } } },
      items: { type: 'array', items: { type: 'object', properties: { price: { type: 'string' } } } },
      expand: { type: 'array', items: { type: 'string' } },
      confirm: { type: 'boolean' },
    },
    required: ['id', 'amount'],
    additionalProperties: false,
  };

  it('sends urlencoded forms with nested objects in the a[b]=c style, the path argument left out', async () => {
    const { charge } = build([
      fn({
        name: 'charge',
        method: 'POST',
        url: `${server.baseUrl}/echo/charges/{{id}}`,
        parameters,
        bodyEncoding: 'form',
      }),
    ]);
    const echoed = await call(charge!, {
      id: 'ch_1',
      amount: 500,
      metadata: { order: 'A-7' },
      items: [{ price: 'p_1' }, { price: 'p_2' }],
      expand: ['customer', 'invoice'],
      confirm: true,
    });
    expect(echoed.path).toBe('/echo/charges/ch_1');
    expect(echoed.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect([...new URLSearchParams(echoed.rawBody)]).toEqual([
      ['amount', '500'],
      ['metadata[order]', 'A-7'],
      ['items[0][price]', 'p_1'],
      ['items[1][price]', 'p_2'],
      ['expand', 'customer'],
      ['expand', 'invoice'],
      ['confirm', 'true'],
    ]);
  });

  it('validates form arguments like JSON ones', async () => {
    const { charge } = build([
      fn({
        name: 'charge',
        method: 'POST',
        url: `${server.baseUrl}/echo/c/{{id}}`,
        parameters,
        bodyEncoding: 'form',
      }),
    ]);
    await expect(call(charge!, { id: 'x', amount: 0 })).rejects.toThrow(ToolCallError);
    await expect(call(charge!, { id: 'x', amount: 1, surprise: 1 })).rejects.toThrow(/Invalid arguments/);
  });

  it('sends multipart forms with plain fields', async () => {
    const { upload } = build([
      fn({
        name: 'upload',
        method: 'POST',
        url: `${server.baseUrl}/echo/notes`,
        parameters: {
          type: 'object',
          properties: { title: { type: 'string' }, meta: { type: 'object' } },
        },
        bodyEncoding: 'multipart',
      }),
    ]);
    const echoed = await call(upload!, { title: 'Héllo', meta: { a: 1 } });
    const type = String(echoed.headers['content-type']);
    expect(type).toMatch(/^multipart\/form-data; boundary=/);
    const form = await new Response(echoed.rawBody, { headers: { 'content-type': type } }).formData();
    expect([...form.entries()]).toEqual([
      ['title', 'Héllo'],
      ['meta[a]', '1'],
    ]);
  });

  it('refuses a body template with a form encoding', () => {
    expect(() =>
      build([
        fn({ name: 'f', method: 'POST', url: `${server.baseUrl}/echo`, body: '{}', bodyEncoding: 'form' }),
      ]),
    ).toThrow(HttpToolConfigError);
  });
});

describe('authentication', () => {
  const echo = (name = 'echo') => fn({ name, url: `${server.baseUrl}/echo/me?x=1` });

  it('API key in a header, the query or a cookie', async () => {
    const secrets = { api_key: 'ak-123456789' };
    const header = await sent(
      build([echo()], secrets, { type: 'api_key', in: 'header', name: 'X-Api-Key', secret: 'api_key' }).echo!,
    );
    expect(header.headers['x-api-key']).toBe('ak-123456789');
    const query = await sent(
      build([echo()], secrets, { type: 'api_key', in: 'query', name: 'key', secret: 'api_key' }).echo!,
    );
    expect(query.query).toEqual({ x: ['1'], key: ['ak-123456789'] });
    const cookie = await sent(
      build([echo()], secrets, { type: 'api_key', in: 'cookie', name: 'session', secret: 'api_key' }).echo!,
    );
    expect(cookie.headers.cookie).toBe('session=ak-123456789');
  });

  it('HTTP bearer and HTTP basic built from username and password', async () => {
    const bearer = await sent(
      build([echo()], { bearer_token: 'bt-abcdef123' }, { type: 'bearer', secret: 'bearer_token' }).echo!,
    );
    expect(bearer.headers.authorization).toBe('Bearer bt-abcdef123');
    const basic = await sent(
      build(
        [echo()],
        { username: 'ann', password: 'pä:ss' },
        {
          type: 'basic',
          usernameSecret: 'username',
          passwordSecret: 'password',
        },
      ).echo!,
    );
    expect(basic.headers.authorization).toBe(`Basic ${Buffer.from('ann:pä:ss').toString('base64')}`);
    // The server splits at the first colon: a username with one would send another name.
    expect(() =>
      build(
        [echo()],
        { username: 'ann:x', password: 'pw' },
        { type: 'basic', usernameSecret: 'username', passwordSecret: 'password' },
      ),
    ).toThrow('The secret "username" is a Basic username and cannot hold a colon; set it again');
  });

  it('keeps a short Basic credential out of what the model reads when the server echoes the header', async () => {
    // Each part is too short for the redactor to find inside longer base64: the whole credential is redacted.
    const { leak } = build(
      [fn({ name: 'leak', url: `${server.baseUrl}/refused` })],
      { username: 'ann', password: 'pw12' },
      { type: 'basic', usernameSecret: 'username', passwordSecret: 'password' },
    );
    const error = await call(leak!).then(
      () => undefined,
      (reason: unknown) => reason as Error,
    );
    expect(error).toBeInstanceOf(ToolCallError);
    expect(error?.message).toMatch(/status 401/);
    expect(error?.message).toContain('Bad credentials: Basic [redacted]');
    expect(error?.message).not.toContain(Buffer.from('ann:pw12').toString('base64').slice(4, 10));
  });

  it('sends an API key in a cookie percent-encoded when it holds characters a cookie cannot', async () => {
    const secrets = { api_key: 'a b;c=d' };
    const cookie = await sent(
      build([echo()], secrets, { type: 'api_key', in: 'cookie', name: 'session', secret: 'api_key' }).echo!,
    );
    expect(cookie.headers.cookie).toBe('session=a%20b%3Bc%3Dd');
  });

  it('says which secret cannot be sent in a header, without quoting it', () => {
    for (const value of ['tök€n-123', 'line\nbreak']) {
      expect(() =>
        build([echo()], { bearer_token: value }, { type: 'bearer', secret: 'bearer_token' }),
      ).toThrow(
        new HttpToolConfigError(
          'The secret "bearer_token" holds characters an HTTP header cannot carry (line breaks or characters beyond Latin-1); set it again',
        ),
      );
    }
    // Latin-1 goes through as it is; in the query a key may hold anything.
    expect(
      build([echo()], { bearer_token: 'clé' }, { type: 'bearer', secret: 'bearer_token' }).echo,
    ).toBeDefined();
    expect(
      build([echo()], { api_key: 'tök€n' }, { type: 'api_key', in: 'query', name: 'key', secret: 'api_key' })
        .echo,
    ).toBeDefined();
  });

  it('needs every secret of the scheme', () => {
    expect(() =>
      build(
        [echo()],
        { username: 'ann' },
        { type: 'basic', usernameSecret: 'username', passwordSecret: 'password' },
      ),
    ).toThrow('The tool\'s authentication needs the secret "password", which is not set');
  });

  describe('OAuth2 client credentials', () => {
    const secrets = { client_id: CLIENT_ID, client_secret: CLIENT_SECRET };
    const auth = (): HttpAuth => ({
      type: 'oauth2_client_credentials',
      tokenUrl: `${server.baseUrl}/oauth/token`,
      scopes: ['contacts.read', 'contacts.write'],
      clientIdSecret: 'client_id',
      clientSecretSecret: 'client_secret',
    });
    const tool = () =>
      build(
        [
          fn({ name: 'me', url: `${server.baseUrl}/protected/me` }),
          fn({ name: 'leak', url: `${server.baseUrl}/refused` }),
        ],
        secrets,
        auth(),
      );

    it('fetches a token through the guard once, reuses it, and fetches a new one after a 401 or expiry', async () => {
      tokenRequests = [];
      const first = tool();
      expect(await call(first.me!)).toEqual({ ok: true, path: '/protected/me' });
      // Another call (another build of the same tool, as the next phone call does) reuses the token.
      expect(await call(tool().me!)).toEqual({ ok: true, path: '/protected/me' });
      expect(tokenRequests).toHaveLength(1);
      expect(new URLSearchParams(tokenRequests[0]!.rawBody).get('scope')).toBe(
        'contacts.read contacts.write',
      );

      // The API stops accepting the token: one 401, a new token, the request sent again.
      validTokens.clear();
      expect(await call(first.me!)).toEqual({ ok: true, path: '/protected/me' });
      expect(tokenRequests).toHaveLength(2);

      // Past its expiry (an hour, less a margin), the token is fetched again before the request.
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 2 * 3_600_000);
      expect(await call(first.me!)).toEqual({ ok: true, path: '/protected/me' });
      expect(tokenRequests).toHaveLength(3);
    });

    it('form-encodes a client ID and secret with a colon, spaces or accents before the Basic header', async () => {
      const [me] = createHttpFunctions({
        config: {
          headers: {},
          auth: {
            type: 'oauth2_client_credentials',
            tokenUrl: `${server.baseUrl}/oauth/decoding`,
            scopes: [],
            clientIdSecret: 'client_id',
            clientSecretSecret: 'client_secret',
          },
          functions: [fn({ name: 'me', url: `${server.baseUrl}/echo/me` })],
        },
        secrets: { client_id: 'app:één', client_secret: 'sé cret:+/=' },
        fetch: egress.fetch,
      });
      await call(me!);
      expect(server.requests.at(-1)?.headers.authorization).toBe('Bearer decoded:app:één|sé cret:+/=');
    });

    it('keeps the token out of what the model reads', async () => {
      tokenRequests = [];
      const error = await call(tool().leak!).then(
        () => undefined,
        (reason: unknown) => reason as Error,
      );
      // Both tries fail (a second token does not help): the error quotes the body with the token redacted.
      expect(tokenRequests.length).toBeLessThanOrEqual(2);
      expect(error).toBeInstanceOf(ToolCallError);
      expect(error?.message).toMatch(/status 401/);
      expect(error?.message).not.toMatch(/tok-\d+-secretvalue/);
    });

    it('reports a refused client without quoting the secret', async () => {
      const wrong = createHttpFunctions({
        config: {
          headers: {},
          auth: auth(),
          functions: [fn({ name: 'me', url: `${server.baseUrl}/protected/me` })],
        },
        secrets: { client_id: CLIENT_ID, client_secret: 'wrong-secret-value' },
        fetch: egress.fetch,
      });
      await expect(call(wrong[0]!)).rejects.toThrow(
        `Could not get an access token from ${server.host}: status 401 (check the client ID and secret)`,
      );
    });

    it('sends the token request through the egress guard', async () => {
      const guarded = createEgressGuard({});
      try {
        const refused = createHttpFunctions({
          config: {
            headers: {},
            auth: auth(),
            functions: [fn({ name: 'me', url: `${server.baseUrl}/protected/me` })],
          },
          secrets: { client_id: 'other-client', client_secret: CLIENT_SECRET },
          fetch: guarded.fetch,
        });
        await expect(call(refused[0]!)).rejects.toThrow(
          `Could not get an access token from ${server.host}: The request to 127.0.0.1 is not allowed`,
        );
      } finally {
        await guarded.close();
      }
    });
  });
});
