import { type HttpFunction, HttpFunctionSchema } from '@switchboard/contracts/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEgressGuard, type EgressGuard } from '../../src/egress/egress-guard.ts';
import { createHttpFunctions } from '../../src/kinds/http/create-http-functions.ts';
import { HttpToolConfigError } from '../../src/kinds/http/http-tool-config-error.ts';
import { type EchoedRequest, startTestServer, type TestServer } from '../../src/testing/test-server.ts';
import { type ReadyToolFunction, ToolCallError } from '../../src/tool-function.ts';

const API_KEY = 'sk-live-9f8e7d6c5b4a';

let server: TestServer;
// The test server is on 127.0.0.1, which the egress guard refuses unless the operator allows it.
const egress: EgressGuard = createEgressGuard({ allow: ['127.0.0.1'] });

beforeAll(async () => {
  server = await startTestServer({
    '/slow': (_req, res) => {
      const timer = setTimeout(() => res.end('too late'), 5000);
      res.on('close', () => clearTimeout(timer));
    },
    '/fail': (_req, res) => {
      res.writeHead(422, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'quantity must be positive', detail: 'x'.repeat(3000) }));
    },
    '/leak': (req, res) => {
      res.writeHead(401, { 'content-type': 'text/plain' });
      res.end(`Bad credentials: ${req.headers.authorization}`);
    },
    '/text': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('plain words');
    },
    '/big': (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ items: Array.from({ length: 500 }, (_, i) => ({ id: i, name: `item ${i}` })) }),
      );
    },
    '/empty': (_req, res) => {
      res.writeHead(204);
      res.end();
    },
    '/to-metadata': (_req, res) => {
      res.writeHead(307, { location: 'http://169.254.169.254/latest/meta-data/' });
      res.end();
    },
  });
});

afterAll(async () => {
  await Promise.all([server.close(), egress.close()]);
});

function httpFunction(fn: Partial<HttpFunction> & Pick<HttpFunction, 'name' | 'url'>): HttpFunction {
  return HttpFunctionSchema.parse({
    description: `Test function ${fn.name}`,
    method: 'GET',
    parameters: { type: 'object', properties: {} },
    ...fn,
  });
}

function build(
  functions: HttpFunction[],
  options: {
    headers?: Record<string, string>;
    secrets?: Record<string, string>;
    maxResponseChars?: number;
    guard?: EgressGuard;
  } = {},
): Map<string, ReadyToolFunction> {
  const built = createHttpFunctions({
    config: { headers: options.headers ?? {}, functions },
    secrets: options.secrets ?? {},
    fetch: (options.guard ?? egress).fetch,
    ...(options.maxResponseChars === undefined ? {} : { maxResponseChars: options.maxResponseChars }),
  });
  return new Map(built.map((f) => [f.name, f]));
}

async function call(fn: ReadyToolFunction | undefined, args: unknown, signal = new AbortController().signal) {
  if (!fn) throw new Error('function not built');
  return fn.execute(args, signal);
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the call to fail');
}

describe('templating', () => {
  it('percent-encodes path arguments and appends query arguments, repeating arrays and omitting missing ones', async () => {
    const fns = build([
      httpFunction({
        name: 'get_pet',
        url: `${server.baseUrl}/echo/pets/{{id}}?fixed=1`,
        query: ['tags', 'limit', 'cursor'],
        parameters: {
          type: 'object',
          properties: {
            id: { type: 'string' },
            tags: { type: 'array', items: { type: 'string' } },
            limit: { type: 'integer' },
            cursor: { type: 'string' },
          },
          required: ['id'],
        },
      }),
    ]);
    const echoed = (await call(fns.get('get_pet'), {
      id: 'a/b c?#',
      tags: ['x y', 'z&w'],
      limit: 5,
    })) as EchoedRequest;
    expect(echoed.url.startsWith('/echo/pets/a%2Fb%20c%3F%23?')).toBe(true);
    expect(echoed.path).toBe('/echo/pets/a%2Fb%20c%3F%23');
    expect(echoed.query).toEqual({ fixed: ['1'], tags: ['x y', 'z&w'], limit: ['5'] });
    expect(echoed.method).toBe('GET');
    expect(echoed.body).toBeUndefined();
  });

  it('merges tool headers under function headers and fills argument placeholders in headers', async () => {
    const fns = build(
      [
        httpFunction({
          name: 'with_headers',
          url: `${server.baseUrl}/echo`,
          headers: { 'X-Version': '2', 'X-Request-Id': '{{requestId}}', 'X-Optional': '{{missing}}' },
          parameters: {
            type: 'object',
            properties: { requestId: { type: 'string' }, missing: { type: 'string' } },
          },
        }),
      ],
      { headers: { 'x-version': '1', 'X-Tenant': 'acme' } },
    );
    const echoed = (await call(fns.get('with_headers'), { requestId: 'req-42' })) as EchoedRequest;
    expect(echoed.headers['x-version']).toBe('2');
    expect(echoed.headers['x-tenant']).toBe('acme');
    expect(echoed.headers['x-request-id']).toBe('req-42');
    expect(echoed.headers['x-optional']).toBeUndefined();
  });

  it('replaces whole-value body placeholders with JSON and fills placeholders inside strings', async () => {
    const fns = build([
      httpFunction({
        name: 'create_order',
        method: 'POST',
        url: `${server.baseUrl}/echo/orders`,
        body: '{"order": {{order}}, "n": {{n}}, "note": "for {{customer}}", "absent": {{absent}}}',
        parameters: {
          type: 'object',
          properties: {
            order: { type: 'object' },
            n: { type: 'integer' },
            customer: { type: 'string' },
            absent: { type: 'string' },
          },
        },
      }),
      httpFunction({
        name: 'put_body',
        method: 'PUT',
        url: `${server.baseUrl}/echo/things`,
        body: '{{body}}',
        parameters: { type: 'object', properties: { body: { type: 'array' } } },
      }),
    ]);
    const order = (await call(fns.get('create_order'), {
      order: { sku: 'A-1', qty: 2 },
      n: 3,
      customer: 'Zoë "Z" O\'Brien',
    })) as EchoedRequest;
    expect(order.headers['content-type']).toBe('application/json');
    expect(order.body).toEqual({
      order: { sku: 'A-1', qty: 2 },
      n: 3,
      note: 'for Zoë "Z" O\'Brien',
      absent: null,
    });
    const put = (await call(fns.get('put_body'), { body: [1, 'two', { three: 3 }] })) as EchoedRequest;
    expect(put.body).toEqual([1, 'two', { three: 3 }]);
  });

  it('sends the arguments not used in the URL, query or headers as the JSON body of a POST without template', async () => {
    const fns = build([
      httpFunction({
        name: 'book',
        method: 'POST',
        url: `${server.baseUrl}/echo/calendars/{{calendarId}}/events`,
        query: ['notify'],
        headers: { 'Idempotency-Key': '{{key}}' },
        parameters: {
          type: 'object',
          properties: {
            calendarId: { type: 'string' },
            notify: { type: 'boolean' },
            key: { type: 'string' },
            title: { type: 'string' },
            attendees: { type: 'array', items: { type: 'string' } },
          },
        },
      }),
    ]);
    const echoed = (await call(fns.get('book'), {
      calendarId: 'c1',
      notify: true,
      key: 'k-1',
      title: 'Checkup',
      attendees: ['a@example.com'],
    })) as EchoedRequest;
    expect(echoed.path).toBe('/echo/calendars/c1/events');
    expect(echoed.query).toEqual({ notify: ['true'] });
    expect(echoed.headers['idempotency-key']).toBe('k-1');
    expect(echoed.body).toEqual({ title: 'Checkup', attendees: ['a@example.com'] });
  });

  it('returns text as text and says when a response was empty', async () => {
    const fns = build([
      httpFunction({ name: 'text', url: `${server.baseUrl}/text` }),
      httpFunction({ name: 'empty', method: 'DELETE', url: `${server.baseUrl}/empty` }),
    ]);
    expect(await call(fns.get('text'), {})).toBe('plain words');
    expect(await call(fns.get('empty'), {})).toMatch(/status 204 and an empty response/);
  });
});

describe('secrets', () => {
  it('fills secrets into headers and the query string and redacts them from results', async () => {
    const fns = build(
      [
        httpFunction({
          name: 'echo_auth',
          url: `${server.baseUrl}/echo/me?key={{secrets.api_key}}`,
          headers: { 'X-Api-Key': '{{secrets.api_key}}' },
        }),
      ],
      { headers: { Authorization: 'Bearer {{secrets.api_key}}' }, secrets: { api_key: API_KEY } },
    );
    const echoed = await call(fns.get('echo_auth'), {});
    // The server did receive the secret…
    expect(server.requests.at(-1)?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(server.requests.at(-1)?.query.key).toEqual([API_KEY]);
    // …but the model never sees it, although the server echoed it in three places.
    const serialized = JSON.stringify(echoed);
    expect(serialized).not.toContain(API_KEY);
    expect((echoed as EchoedRequest).headers.authorization).toBe('Bearer [redacted]');
    expect((echoed as EchoedRequest).headers['x-api-key']).toBe('[redacted]');
    expect((echoed as EchoedRequest).url).toBe('/echo/me?key=[redacted]');
  });

  it('redacts a secret echoed in an error response', async () => {
    const fns = build([httpFunction({ name: 'leak', url: `${server.baseUrl}/leak` })], {
      headers: { Authorization: 'token {{secrets.api_key}}' },
      secrets: { api_key: API_KEY },
    });
    const error = await failure(call(fns.get('leak'), {}));
    expect(error).toBeInstanceOf(ToolCallError);
    expect(error.message).toBe(
      `The request to ${server.host} failed with status 401 Unauthorized: Bad credentials: token [redacted]`,
    );
  });

  it('refuses a secret in the URL path, in the body, or one that is not set, when the tool is built', () => {
    const secrets = { api_key: API_KEY };
    expect(() =>
      build([httpFunction({ name: 'bad_path', url: `${server.baseUrl}/keys/{{secrets.api_key}}/x` })], {
        secrets,
      }),
    ).toThrow(
      new HttpToolConfigError(
        'Function bad_path: url (path) uses {{secrets.api_key}}; secrets are allowed only in headers and the query string',
      ),
    );
    expect(() =>
      build(
        [
          httpFunction({
            name: 'bad_body',
            method: 'POST',
            url: server.baseUrl,
            body: '{"k": "{{secrets.api_key}}"}',
          }),
        ],
        {
          secrets,
        },
      ),
    ).toThrow(/bad_body: body uses \{\{secrets.api_key\}\}; secrets are allowed only in headers/);
    expect(() =>
      build(
        [httpFunction({ name: 'unset', url: server.baseUrl, headers: { 'X-Key': '{{secrets.other}}' } })],
        {
          secrets,
        },
      ),
    ).toThrow(/uses \{\{secrets.other\}\}, but no secret "other" is set/);
  });
});

describe('configuration checks at build time', () => {
  it('refuses templates naming unknown arguments, a body on GET and a body template that is not JSON', () => {
    const parameters = { type: 'object' as const, properties: { id: { type: 'string' } } };
    expect(() =>
      build([httpFunction({ name: 'typo', url: `${server.baseUrl}/x/{{idd}}`, parameters })]),
    ).toThrow("Function typo: url uses {{idd}}, which is not one of the function's parameters");
    expect(() =>
      build([httpFunction({ name: 'get_body', url: server.baseUrl, body: '{"id": {{id}}}', parameters })]),
    ).toThrow('Function get_body: a GET request cannot have a body');
    expect(() =>
      build([
        httpFunction({
          name: 'bad_json',
          method: 'POST',
          url: server.baseUrl,
          body: '{"id": {{id}},}',
          parameters,
        }),
      ]),
    ).toThrow(/^Function bad_json: body is not valid JSON once its placeholders are filled in: /);
    expect(() =>
      build([
        httpFunction({ name: 'twice', url: server.baseUrl }),
        httpFunction({ name: 'twice', url: server.baseUrl }),
      ]),
    ).toThrow(HttpToolConfigError);
  });
});

describe('failures', () => {
  it('times out after the function timeout with a message naming the host', async () => {
    const fns = build([httpFunction({ name: 'slow', url: `${server.baseUrl}/slow`, timeoutMs: 200 })]);
    const started = Date.now();
    const error = await failure(call(fns.get('slow'), {}));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(ToolCallError);
    expect(error.message).toBe(`The request to ${server.host} timed out after 200 ms`);
  });

  it('stops when the caller aborts and throws the caller’s reason', async () => {
    const fns = build([httpFunction({ name: 'slow', url: `${server.baseUrl}/slow`, timeoutMs: 10_000 })]);
    const controller = new AbortController();
    const reason = new Error('user interrupted');
    setTimeout(() => controller.abort(reason), 100);
    const started = Date.now();
    const error = await failure(call(fns.get('slow'), {}, controller.signal));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error).toBe(reason);
  });

  it('names the status and quotes a truncated body for a non-2xx answer', async () => {
    const fns = build([httpFunction({ name: 'fail', method: 'POST', url: `${server.baseUrl}/fail` })]);
    const error = await failure(call(fns.get('fail'), {}));
    expect(error).toBeInstanceOf(ToolCallError);
    expect(error.message).toMatch(
      new RegExp(
        `^The request to ${server.host} failed with status 422 Unprocessable Entity: \\{"error":"quantity must be positive"`,
      ),
    );
    expect(error.message).toMatch(/\[Response truncated: showing the first 1000 of \d+ characters\]$/);
    expect(error.message.length).toBeLessThan(1300);
  });

  it('reports a network error without the URL', async () => {
    // A port that was just free: nothing listens there any more.
    const closed = await startTestServer();
    await closed.close();
    const fns = build([httpFunction({ name: 'down', url: `${closed.baseUrl}/x?key={{secrets.k}}` })], {
      secrets: { k: API_KEY },
    });
    const error = await failure(call(fns.get('down'), {}));
    expect(error).toBeInstanceOf(ToolCallError);
    expect(error.message).toBe(`The request to ${closed.host} failed: ECONNREFUSED`);
  });

  it('refuses an internal destination, directly or through a redirect, with the egress guard’s message', async () => {
    const strict = createEgressGuard();
    try {
      const direct = build([httpFunction({ name: 'direct', url: `${server.baseUrl}/echo` })], {
        guard: strict,
      });
      const before = server.requests.length;
      const refused = await failure(call(direct.get('direct'), {}));
      expect(refused).toEqual(
        new ToolCallError(
          'The request to 127.0.0.1 is not allowed: it points to a private or internal address',
        ),
      );
      expect(server.requests.length).toBe(before);
    } finally {
      await strict.close();
    }
    const redirected = build([httpFunction({ name: 'redirected', url: `${server.baseUrl}/to-metadata` })]);
    expect(await failure(call(redirected.get('redirected'), {}))).toEqual(
      new ToolCallError(
        'The request to 169.254.169.254 is not allowed: it points to a private or internal address',
      ),
    );
  });

  it('rejects invalid arguments before sending anything, naming each field', async () => {
    const fns = build([
      httpFunction({
        name: 'create_order',
        method: 'POST',
        url: `${server.baseUrl}/echo/orders`,
        parameters: {
          type: 'object',
          properties: { quantity: { type: 'integer' }, email: { type: 'string', format: 'email' } },
          required: ['quantity', 'email'],
        },
      }),
    ]);
    const before = server.requests.length;
    const missing = await failure(call(fns.get('create_order'), { quantity: 1.5 }));
    expect(missing).toBeInstanceOf(ToolCallError);
    expect(missing.message).toBe(
      'Invalid arguments for create_order: "email" is required; "quantity" must be integer',
    );
    const badFormat = await failure(call(fns.get('create_order'), { quantity: 1, email: 'nope' }));
    expect(badFormat.message).toBe('Invalid arguments for create_order: "email" must match format "email"');
    expect(server.requests.length).toBe(before);
  });

  it('truncates a long response to maxResponseChars with a note', async () => {
    const fns = build([httpFunction({ name: 'big', url: `${server.baseUrl}/big` })], {
      maxResponseChars: 300,
    });
    const result = await call(fns.get('big'), {});
    expect(typeof result).toBe('string');
    const [head, note] = (result as string).split('\n');
    expect(head).toHaveLength(300);
    expect(head?.startsWith('{"items":[{"id":0,"name":"item 0"}')).toBe(true);
    expect(note).toMatch(/^\[Response truncated: showing the first 300 of \d+ characters\]$/);
  });
});
