import type { JobRunner } from '@switchboard/core/jobs/run-jobs';
import { startTestServer, type TestServer } from '@switchboard/tools/testing/test-server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../src/logger.ts';
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

/*
 * OAuth2 client credentials from the API to the worker tier: the tool is created through the API with its
 * client ID and secret sealed, and each test run (a job, the code path a call uses) gets the token from a
 * local authorization server through the egress guard, reuses it, and fetches a new one when the API
 * answers 401. No response, API log line or worker-tier log line carries the client secret or a token.
 */

let t: TestApp;
let admin: TestUser;
let jobs: JobRunner;
let api: TestServer;
let toolUrl: string;
const logLines: string[] = [];
/** Every line of the worker tier (the job runner and graphile-worker's own), at every level. */
const workerLines: string[] = [];
const clientId = 'switchboard-client';
const clientSecret = testSecret();
/** Tokens the authorization server issued and the API still accepts. */
const accepted = new Set<string>();
const issued: string[] = [];
/** When set, the API refuses every token, a fresh one too. */
let refuseEveryToken = false;

beforeAll(async () => {
  t = await createTestApp({
    logger: createLogger('trace', { write: (line: string) => void logLines.push(line) }),
  });
  api = await startTestServer({
    '/oauth/token': (req, res, echoed) => {
      const [id, secret] = Buffer.from(req.headers.authorization?.replace(/^Basic /, '') ?? '', 'base64')
        .toString('utf8')
        .split(':')
        .map((part) => decodeURIComponent(part));
      if (
        id !== clientId ||
        secret !== clientSecret ||
        !echoed.rawBody.includes('grant_type=client_credentials')
      ) {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid_client"}');
        return;
      }
      const token = `at-${issued.length + 1}-${testSecret()}`;
      issued.push(token);
      accepted.add(token);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: token, token_type: 'Bearer', expires_in: 3600 }));
    },
    '/crm/contacts': (req, res, echoed) => {
      const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
      if (refuseEveryToken || !accepted.has(token)) {
        // Quotes what it was sent, as some APIs do: the test run must not show it.
        res.writeHead(401, { 'content-type': 'text/plain' }).end(`token ${token} expired`);
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ contact: { id: echoed.path.split('/').at(-1), name: 'Maria' } }));
    },
  });
  const keep = (line: string) => void workerLines.push(line);
  jobs = await startJobs(t, {}, { error: keep, warn: keep, info: keep, debug: keep });
  admin = await signUp(t);
  const orgId = await createOrganization(t, admin, 'Acme CRM');
  const created = await request(t, admin, {
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/tools`,
    payload: {
      kind: 'http',
      name: 'CRM',
      config: {
        headers: {},
        auth: {
          type: 'oauth2_client_credentials',
          tokenUrl: `${api.baseUrl}/oauth/token`,
          scopes: ['contacts.read'],
          clientIdSecret: 'client_id',
          clientSecretSecret: 'client_secret',
        },
        functions: [
          {
            name: 'get_contact',
            description: 'Finds a contact by ID',
            method: 'GET',
            url: `${api.baseUrl}/crm/contacts/{{id}}`,
            parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
          },
        ],
      },
      secrets: { client_id: clientId },
    },
  });
  expect(created.statusCode).toBe(201);
  // The authentication's secrets are asked for until both are set.
  expect(created.json().missingSecrets).toEqual(['client_secret']);
  toolUrl = `/api/v1/orgs/${orgId}/tools/${created.json().id}`;
  const completed = await request(t, admin, {
    method: 'PATCH',
    url: toolUrl,
    payload: { secrets: { client_secret: clientSecret } },
  });
  expect(completed.json()).toMatchObject({ missingSecrets: [], droppedSecrets: [] });
  expect(completed.body).not.toContain(clientSecret);
});
afterAll(async () => {
  await jobs.stop();
  await api.close();
  await t.close();
});

async function run(id: string) {
  const started = await request(t, admin, {
    method: 'POST',
    url: `${toolUrl}/test-runs`,
    payload: { functionName: 'get_contact', arguments: { id } },
  });
  expect(started.statusCode).toBe(202);
  const url = `${toolUrl}/test-runs/${started.json().id}`;
  const outcome = await vi.waitFor(
    async () => {
      const response = await request(t, admin, { method: 'GET', url });
      if (response.json().status === 'pending') throw new Error('still pending');
      return response;
    },
    { timeout: 15_000, interval: 100 },
  );
  return { body: outcome.body, outcome: outcome.json() };
}

const tokenRequests = () => api.requests.filter((sent) => sent.path === '/oauth/token');

describe('an HTTP tool with OAuth2 client credentials', () => {
  it('gets a token in the worker tier once and reuses it for the next calls', async () => {
    const first = await run('c-1');
    expect(first.outcome).toMatchObject({ status: 'succeeded', result: { contact: { id: 'c-1' } } });
    const second = await run('c-2');
    expect(second.outcome).toMatchObject({ status: 'succeeded', result: { contact: { id: 'c-2' } } });
    expect(tokenRequests()).toHaveLength(1);
    expect(new URLSearchParams(tokenRequests()[0]?.rawBody).get('scope')).toBe('contacts.read');
    expect(api.requests.at(-1)?.headers.authorization).toBe(`Bearer ${issued[0]}`);
  });

  it('fetches a new token when the API answers 401, and sends the request again', async () => {
    accepted.clear();
    const refreshed = await run('c-3');
    expect(refreshed.outcome).toMatchObject({ status: 'succeeded', result: { contact: { id: 'c-3' } } });
    expect(tokenRequests()).toHaveLength(2);
    expect(api.requests.at(-1)?.headers.authorization).toBe(`Bearer ${issued[1]}`);
  });

  it('shows a refused token without quoting it', async () => {
    const before = issued.length;
    refuseEveryToken = true;
    try {
      const refused = await run('c-4');
      expect(refused.outcome.status).toBe('failed');
      expect(refused.outcome.error).toMatch(/failed with status 401/);
      expect(refused.outcome.error).toContain('token [redacted] expired');
      // The 401 dropped the token: one more was fetched for the second try, and neither is shown.
      expect(issued.length).toBe(before + 1);
      for (const token of issued) expect(refused.body).not.toContain(token);
    } finally {
      refuseEveryToken = false;
    }
  });

  it('never puts the client secret or a token in a response, an API log line or a worker-tier log line', async () => {
    const tool = await request(t, admin, { method: 'GET', url: toolUrl });
    expect(
      tool
        .json()
        .secrets.map((secret: { name: string }) => secret.name)
        .sort(),
    ).toEqual(['client_id', 'client_secret']);
    const logs = logLines.join('\n');
    const workerLogs = workerLines.join('\n');
    // The scan saw the test runs go through the worker tier.
    expect(workerLogs).toContain('run_tool_test');
    for (const value of [clientSecret, ...issued]) {
      expect(tool.body).not.toContain(value);
      expect(logs).not.toContain(value);
      expect(workerLogs).not.toContain(value);
    }
  });
});
