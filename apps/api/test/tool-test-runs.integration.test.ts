import type { JobRunner } from '@switchboard/core/jobs/run-jobs';
import { startTestServer, type TestServer } from '@switchboard/tools/testing/test-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  createOrganization,
  createTestApp,
  request,
  signUp,
  startJobs,
  type TestApp,
  type TestUser,
  testSecret,
} from './harness.ts';

let t: TestApp;
let admin: TestUser;
let server: TestServer;
let jobs: JobRunner;
let toolUrl: string;
const apiKey = testSecret();

beforeAll(async () => {
  t = await createTestApp();
  server = await startTestServer({
    '/redirect': (req, res) => {
      res.writeHead(302, { location: new URL(req.url ?? '', 'http://x').searchParams.get('to') ?? '/' });
      res.end();
    },
    // A server that sends back the key it received, encoded so that a plain search would miss it.
    '/reflect': (req, res) => {
      const key = String(req.headers['x-api-key']);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          base64: Buffer.from(key).toString('base64'),
          basic: Buffer.from(`user:${key}`).toString('base64url'),
          hex: Buffer.from(key).toString('hex'),
          upper: key.toUpperCase(),
        }),
      );
    },
  });
  jobs = await startJobs(t);
  admin = await signUp(t);
  const orgId = await createOrganization(t, admin, 'Acme Dental');
  const tool = await request(t, admin, {
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/tools`,
    payload: {
      kind: 'http',
      name: 'Shop',
      config: {
        headers: { 'x-api-key': '{{secrets.api_key}}' },
        functions: [
          {
            name: 'lookup_order',
            description: 'Find an order',
            parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
            method: 'GET',
            url: `${server.baseUrl}/echo/orders/{{id}}`,
          },
          {
            name: 'follow',
            description: 'Follows a redirect',
            parameters: { type: 'object', properties: { to: { type: 'string' } } },
            method: 'GET',
            url: `${server.baseUrl}/redirect`,
            query: ['to'],
          },
          {
            name: 'reflect',
            description: 'Sends the key back, encoded',
            parameters: { type: 'object', properties: {} },
            method: 'GET',
            url: `${server.baseUrl}/reflect`,
          },
          {
            name: 'metadata',
            description: 'The cloud metadata service',
            parameters: { type: 'object', properties: {} },
            method: 'GET',
            url: 'http://169.254.169.254/latest/meta-data/',
          },
        ],
      },
      secrets: { api_key: apiKey },
    },
  });
  toolUrl = `/api/v1/orgs/${orgId}/tools/${tool.json().id}`;
});
afterAll(async () => {
  await jobs.stop();
  await server.close();
  await t.close();
});

async function runToCompletion(payload: object) {
  const started = await request(t, admin, { method: 'POST', url: `${toolUrl}/test-runs`, payload });
  expect(started.statusCode).toBe(202);
  expect(started.json().status).toBe('pending');
  const url = `${toolUrl}/test-runs/${started.json().id}`;
  return vi.waitFor(
    async () => {
      const run = (await request(t, admin, { method: 'GET', url })).json();
      if (run.status === 'pending') throw new Error('still pending');
      return run;
    },
    { timeout: 15_000, interval: 100 },
  );
}

describe('testing a function from the dashboard', () => {
  it('runs in the worker tier with the opened secret and shows the response, secret redacted', async () => {
    const run = await runToCompletion({ functionName: 'lookup_order', arguments: { id: 'A-17' } });
    expect(run).toMatchObject({ status: 'succeeded', functionName: 'lookup_order', error: null });
    expect(server.requests.at(-1)).toMatchObject({
      path: '/echo/orders/A-17',
      headers: { 'x-api-key': apiKey },
    });
    expect(run.result.path).toBe('/echo/orders/A-17');
    expect(JSON.stringify(run.result)).toContain('[redacted]');
    expect(run.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('reports invalid arguments the way the model would hear them', async () => {
    const run = await runToCompletion({ functionName: 'lookup_order', arguments: { id: 17 } });
    expect(run).toMatchObject({ status: 'failed', result: null });
    expect(run.error).toMatch(/"id" must be string/);
  });

  it('refuses internal destinations, directly or through a redirect, with one message and no request', async () => {
    const refusal = (host: string) =>
      `The request to ${host} is not allowed: it points to a private or internal address`;
    const metadata = await runToCompletion({ functionName: 'metadata', arguments: {} });
    expect(metadata).toMatchObject({ status: 'failed', error: refusal('169.254.169.254') });
    // The test runner allows 127.0.0.1 (EGRESS_ALLOW) for its own servers; every other internal form of
    // this machine stays refused, also behind a redirect from an allowed server.
    const port = new URL(server.baseUrl).port;
    for (const [to, host] of [
      [`http://[::1]:${port}/echo`, '[::1]'],
      [`http://0.0.0.0:${port}/echo`, '0.0.0.0'],
      [`http://[::ffff:7f00:2]:${port}/echo`, '[::ffff:7f00:2]'],
      ['http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
      ['http://10.0.0.1/', '10.0.0.1'],
    ]) {
      const before = server.requests.length;
      const run = await runToCompletion({ functionName: 'follow', arguments: { to } });
      expect([to, run.status, run.error]).toEqual([to, 'failed', refusal(host ?? '')]);
      expect(server.requests.slice(before).map((r) => r.path)).toEqual(['/redirect']);
    }
  });

  it('redacts the secret sent back in base64, inside a Basic credential, in hex or in capitals', async () => {
    const run = await runToCompletion({ functionName: 'reflect', arguments: {} });
    expect(run.status).toBe('succeeded');
    expect(run.result).toEqual({
      base64: '[redacted]',
      basic: expect.stringContaining('[redacted]'),
      hex: '[redacted]',
      upper: '[redacted]',
    });
  });

  it('refuses a function the tool does not have', async () => {
    const response = await request(t, admin, {
      method: 'POST',
      url: `${toolUrl}/test-runs`,
      payload: { functionName: 'drop_tables', arguments: {} },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([
      { path: 'functionName', message: 'No function named drop_tables' },
    ]);
  });
});
