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
  server = await startTestServer();
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
