import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EgressError, EgressRefusedError } from '../../src/egress/egress-error.ts';
import { createEgressGuard, type EgressGuard } from '../../src/egress/egress-guard.ts';
import { isPublicAddress } from '../../src/egress/egress-policy.ts';
import { type EchoedRequest, startTestServer, type TestServer } from '../../src/testing/test-server.ts';

let server: TestServer;
let port: number;
/** No allowlist: what a shared installation runs with. */
let strict: EgressGuard;
/** Only the name `localhost` allowed: a redirect from it to any other form of 127.0.0.1 must be refused. */
let byName: EgressGuard;
/** Every form of 127.0.0.1 allowed, to show that each form does reach the server when nothing stops it. */
let open: EgressGuard;

/** The one message of every refusal, spelled out here so a change to it is a visible decision. */
const refusal = (host: string) =>
  `The request to ${host} is not allowed: it points to a private or internal address`;

/** Names /etc/hosts gives a loopback or private address: a resolver, not DNS, answers for them. */
function hostsFileNames(): string[] {
  const names = new Set<string>();
  for (const line of readFileSync('/etc/hosts', 'utf8').split('\n')) {
    const [address, ...aliases] = line.replace(/#.*/, '').trim().split(/\s+/);
    if (address && !isPublicAddress(address)) for (const alias of aliases) names.add(alias.toLowerCase());
  }
  return [...names].filter((name) => /^[a-z0-9.-]+$/.test(name));
}

beforeAll(async () => {
  server = await startTestServer({
    '/redirect': (req, res) => {
      const target = new URL(req.url ?? '', 'http://x');
      res.writeHead(Number(target.searchParams.get('status') ?? 302), {
        location: target.searchParams.get('to') ?? '/',
      });
      res.end('moved');
    },
    '/hops/': (req, res) => {
      const left = Number(req.url?.split('/').at(-1));
      if (left === 0) {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('arrived');
        return;
      }
      res.writeHead(302, { location: `/hops/${left - 1}` });
      res.end();
    },
  });
  port = Number(new URL(server.baseUrl).port);
  strict = createEgressGuard();
  byName = createEgressGuard({ allow: ['localhost'] });
  open = createEgressGuard({ allow: ['127.0.0.0/8', '0.0.0.0', 'localhost', ...hostsFileNames()] });
});

afterAll(async () => {
  await Promise.all([strict.close(), byName.close(), open.close(), server.close()]);
});

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the request to fail');
}

/** Every way of writing "this machine" in a URL that the issue found working, as URL and as shown. */
function loopbackForms(): [string, string][] {
  return [
    [`http://127.0.0.1:${port}/echo`, '127.0.0.1'],
    [`http://localhost:${port}/echo`, 'localhost'],
    [`http://0.0.0.0:${port}/echo`, '0.0.0.0'],
    [`http://127.1:${port}/echo`, '127.0.0.1'],
    [`http://2130706433:${port}/echo`, '127.0.0.1'],
    [`http://0x7f000001:${port}/echo`, '127.0.0.1'],
    [`http://0177.0.0.1:${port}/echo`, '127.0.0.1'],
    [`http://[::ffff:127.0.0.1]:${port}/echo`, '[::ffff:7f00:1]'],
    [`http://[::ffff:7f00:1]:${port}/echo`, '[::ffff:7f00:1]'],
    [`https://127.0.0.1:${port}/echo`, '127.0.0.1'],
    ...hostsFileNames().map((name): [string, string] => [`http://${name}:${port}/echo`, name]),
  ];
}

/** Internal destinations where nothing listens in the test: refused all the same. */
const ELSEWHERE: [string, string][] = [
  ['http://[::1]/', '[::1]'],
  ['http://[::]/', '[::]'],
  ['http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
  ['http://[::ffff:169.254.169.254]/', '[::ffff:a9fe:a9fe]'],
  ['http://[fd00:ec2::254]/', '[fd00:ec2::254]'],
  ['http://10.0.0.1/', '10.0.0.1'],
  ['http://172.16.0.1/', '172.16.0.1'],
  ['http://192.168.0.1/', '192.168.0.1'],
  ['http://100.64.0.1/', '100.64.0.1'],
  ['http://[fe80::1]/', '[fe80::1]'],
  ['http://224.0.0.1/', '224.0.0.1'],
  ['http://255.255.255.255/', '255.255.255.255'],
  ['http://[64:ff9b::7f00:1]/', '[64:ff9b::7f00:1]'],
  ['http://[2002:7f00:1::]/', '[2002:7f00:1::]'],
  ['file:///etc/passwd', 'file:'],
  ['ftp://example.com/', 'example.com'],
];

describe('the egress guard, without an allowlist', () => {
  it('finds the hosts-file names it checks', () => {
    expect(hostsFileNames()).toContain('localhost');
  });

  it('refuses every form of the loopback address with the same message, before any request is made', async () => {
    const before = server.requests.length;
    for (const [url, host] of loopbackForms()) {
      const error = await failure(strict.fetch(url));
      expect([url, error]).toEqual([url, new EgressRefusedError(host)]);
      expect(error.message).toBe(refusal(host));
    }
    expect(server.requests.length).toBe(before);
  });

  it('refuses private, link-local, metadata and other internal destinations and other schemes', async () => {
    for (const [url, host] of ELSEWHERE) {
      const error = await failure(strict.fetch(url));
      expect([url, error]).toEqual([url, new EgressRefusedError(host)]);
    }
  });

  it('says the same for an open and a closed port', async () => {
    const closed = await startTestServer();
    await closed.close();
    const open = await failure(strict.fetch(`${server.baseUrl}/echo`));
    const shut = await failure(strict.fetch(`${closed.baseUrl}/echo`));
    expect(shut.message).toBe(open.message);
    expect(shut).toBeInstanceOf(EgressRefusedError);
  });

  it('check() refuses the same destinations, resolving names', async () => {
    for (const [url, host] of [...loopbackForms(), ...ELSEWHERE]) {
      const error = await failure(strict.check(url));
      expect([url, error]).toEqual([url, new EgressRefusedError(host)]);
    }
    // A name nobody can resolve is not the guard's business: the request fails on its own.
    await expect(strict.check('http://nowhere.invalid/')).resolves.toBeUndefined();
  });
});

describe('the allowlist', () => {
  it('lets each form of 127.0.0.1 through when it is allowed: every one of them is a real way in', async () => {
    for (const [url] of loopbackForms().filter(([u]) => u.startsWith('http:'))) {
      const response = await open.fetch(url);
      expect([url, response.status]).toEqual([url, 200]);
      await response.body?.cancel();
    }
    await expect(open.check(`http://localhost:${port}/`)).resolves.toBeUndefined();
  });

  it('by name allows the name, not the address behind it', async () => {
    const response = await byName.fetch(`http://localhost:${port}/echo`);
    expect(response.status).toBe(200);
    await response.body?.cancel();
    const error = await failure(byName.fetch(`http://127.0.0.1:${port}/echo`));
    expect(error).toEqual(new EgressRefusedError('127.0.0.1'));
  });
});

describe('redirects', () => {
  const start = (to: string, status: number) =>
    `http://localhost:${port}/redirect?status=${status}&to=${encodeURIComponent(to)}`;

  it('refuses a redirect (302 or 307) from an allowed server to any internal form or other scheme', async () => {
    const targets = [
      ...loopbackForms().filter(([, host]) => host !== 'localhost'),
      ...ELSEWHERE,
      [`gopher://localhost:${port}/`, 'localhost'] as [string, string],
    ];
    for (const status of [302, 307]) {
      for (const [target, host] of targets) {
        const before = server.requests.length;
        const error = await failure(byName.fetch(start(target, status)));
        expect([status, target, error]).toEqual([status, target, new EgressRefusedError(host)]);
        // The redirect itself was received; the target never was.
        expect(server.requests.slice(before).map((r) => r.path)).toEqual(['/redirect']);
      }
    }
  });

  it('follows allowed redirects, relative or absolute, up to five, and no more', async () => {
    const five = await byName.fetch(`http://localhost:${port}/hops/5`);
    expect(await five.text()).toBe('arrived');
    const absolute = await byName.fetch(start(`http://localhost:${port}/hops/0`, 301));
    expect(await absolute.text()).toBe('arrived');
    const six = await failure(byName.fetch(`http://localhost:${port}/hops/6`));
    expect(six).toEqual(new EgressError('The request to localhost was redirected more than 5 times'));
  });

  it('keeps credentials within the origin and drops them when a redirect leaves it', async () => {
    const both = createEgressGuard({ allow: ['localhost', '127.0.0.1'] });
    try {
      const headers = { authorization: 'Bearer s3cret', 'x-api-key': 's3cret', accept: 'application/json' };
      const same = (await (
        await both.fetch(start(`http://localhost:${port}/echo/same`, 302), { headers })
      ).json()) as EchoedRequest;
      expect(same.headers).toMatchObject(headers);
      const other = (await (
        await both.fetch(start(`http://127.0.0.1:${port}/echo/other`, 307), { headers })
      ).json()) as EchoedRequest;
      expect(other.path).toBe('/echo/other');
      expect(other.headers.authorization).toBeUndefined();
      expect(other.headers['x-api-key']).toBeUndefined();
      expect(other.headers.accept).toBe('application/json');
    } finally {
      await both.close();
    }
  });

  it('turns a POST into a GET without body on 303 and keeps method and body on 307', async () => {
    const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' };
    const seeOther = (await (await byName.fetch(start('/echo/303', 303), init)).json()) as EchoedRequest;
    expect(seeOther).toMatchObject({ method: 'GET', rawBody: '' });
    expect(seeOther.headers['content-type']).toBeUndefined();
    const temporary = (await (await byName.fetch(start('/echo/307', 307), init)).json()) as EchoedRequest;
    expect(temporary).toMatchObject({ method: 'POST', body: { a: 1 } });
  });
});
