import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrganization,
  createTestApp,
  request,
  signUp,
  type TestApp,
  type TestUser,
} from './harness.ts';

let t: TestApp;
let user: TestUser;
let orgId: string;

beforeAll(async () => {
  t = await createTestApp();
  user = await signUp(t);
  orgId = await createOrganization(t, user);
});
afterAll(() => t.close());

describe('bad input gets a clear 4xx in the one error shape', () => {
  it('malformed JSON', async () => {
    const response = await request(t, user, {
      method: 'PATCH',
      url: `/api/v1/orgs/${orgId}`,
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "Acme",',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('INVALID_JSON');
  });

  it('an unknown field is named', async () => {
    const response = await request(t, user, {
      method: 'PATCH',
      url: `/api/v1/orgs/${orgId}`,
      payload: { name: 'Acme', plan: 'enterprise' },
    });
    expect(response.statusCode).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.message).toContain('plan');
  });

  it('a wrong type is named with its field', async () => {
    const response = await request(t, user, {
      method: 'PATCH',
      url: `/api/v1/orgs/${orgId}`,
      payload: { name: 42 },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([expect.objectContaining({ path: 'name' })]);
  });

  it('a malformed id in the path', async () => {
    const response = await request(t, user, { method: 'GET', url: '/api/v1/orgs/not-a-uuid' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details[0].path).toBe('params.orgId');
  });

  it('a missing body', async () => {
    const response = await request(t, user, { method: 'POST', url: '/api/v1/organizations' });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('VALIDATION_ERROR');
  });

  it('an oversized body', async () => {
    const response = await request(t, user, {
      method: 'PATCH',
      url: `/api/v1/orgs/${orgId}`,
      payload: { name: 'x'.repeat(2_000_000) },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('an unsupported content type', async () => {
    const response = await request(t, user, {
      method: 'PATCH',
      url: `/api/v1/orgs/${orgId}`,
      headers: { 'content-type': 'application/xml' },
      payload: '<name>Acme</name>',
    });
    expect(response.statusCode).toBe(415);
    expect(response.json().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('an unknown route', async () => {
    const response = await request(t, user, { method: 'GET', url: '/api/v1/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('NOT_FOUND');
  });

  it('no session', async () => {
    const response = await request(t, null, { method: 'GET', url: '/api/v1/me' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'Sign in to continue' } });
  });
});

/** `[[[…]]]` (or `{"a":{"a":…}}`) nested `depth` levels: JSON.parse reads it, recursive code overflows. */
function nested(depth: number, kind: 'array' | 'object' = 'array'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

describe('text PostgreSQL cannot store and JSON nested without end get a 400 naming the field', () => {
  const expectField = (response: { statusCode: number; json(): unknown }, path: string, message: RegExp) => {
    expect(response.statusCode).toBe(400);
    const { error } = response.json() as { error: { code: string; message: string; details: unknown[] } };
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.details).toEqual([{ path, message: expect.stringMatching(message) }]);
    expect(error.message).toContain(path);
  };

  it('a NUL byte in an agent’s name', async () => {
    const response = await request(t, user, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/agents`,
      payload: { name: 'Front\u0000desk' },
    });
    expectField(response, 'name', /NUL/);
  });

  it('a lone surrogate in an organization’s new name', async () => {
    const response = await request(t, user, {
      method: 'PATCH',
      url: `/api/v1/orgs/${orgId}`,
      payload: { name: 'Acme \ud800' },
    });
    expectField(response, 'name', /surrogate/);
  });

  it('a NUL byte or a lone surrogate deep inside a tool’s JSON schema, in a value or a property name', async () => {
    const tool = (properties: Record<string, unknown>) => ({
      kind: 'http',
      name: 'Weather',
      config: {
        functions: [
          {
            name: 'forecast',
            description: 'The forecast',
            method: 'GET',
            url: 'https://weather.example/forecast',
            parameters: { type: 'object', properties },
          },
        ],
      },
    });
    const url = `/api/v1/orgs/${orgId}/tools`;
    expectField(
      await request(t, user, {
        method: 'POST',
        url,
        payload: tool({ city: { type: 'string', description: 'City \udc00' } }),
      }),
      'config.functions.0.parameters.properties.city.description',
      /surrogate/,
    );
    expectField(
      await request(t, user, { method: 'POST', url, payload: tool({ 'ci\u0000ty': { type: 'string' } }) }),
      'config.functions.0.parameters.properties',
      /property name .*NUL/,
    );
  });

  it('a tool whose JSON schema is nested 10,000 levels deep', async () => {
    const payload = `{"kind":"http","name":"Deep","config":{"functions":[{"name":"deep","description":"Deep","method":"GET","url":"https://deep.example","parameters":{"type":"object","properties":{"x":${nested(10_000, 'object')}}}}]}}`;
    const response = await request(t, user, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/tools`,
      headers: { 'content-type': 'application/json' },
      payload,
    });
    expectField(response, 'config', /nested more than \d+ levels/);
  });

  it('a whole body nested 10,000 levels deep', async () => {
    const response = await request(t, user, {
      method: 'PATCH',
      url: `/api/v1/orgs/${orgId}`,
      headers: { 'content-type': 'application/json' },
      payload: nested(10_000),
    });
    expectField(response, '', /nested more than \d+ levels/);
  });

  it('a NUL byte in the query string or in a path parameter', async () => {
    expectField(
      await request(t, user, { method: 'GET', url: `/api/v1/orgs/${orgId}/agents?status=active%00` }),
      'query.status',
      /NUL/,
    );
    expectField(
      await request(t, user, { method: 'GET', url: `/api/v1/orgs/${orgId}/agents/a%00` }),
      'params.agentId',
      /NUL/,
    );
  });

  it('the same for better-auth’s routes: sign-up with a NUL byte, a lone surrogate or deep JSON', async () => {
    const signUpWith = (payload: string | object) =>
      request(t, null, {
        method: 'POST',
        url: '/api/auth/sign-up/email',
        headers: { 'content-type': 'application/json', origin: 'http://localhost:3000' },
        payload,
      });
    expectField(
      await signUpWith({
        email: 'nul@example.test',
        name: 'N\u0000L',
        password: 'correct horse battery staple',
      }),
      'name',
      /NUL/,
    );
    expectField(
      await signUpWith({
        email: 'sur\ud83drogate@example.test',
        name: 'S',
        password: 'correct horse battery staple',
      }),
      'email',
      /surrogate/,
    );
    expectField(await signUpWith(`{"email":${nested(10_000)}}`), 'email', /nested more than \d+ levels/);
    expectField(
      await request(t, null, { method: 'GET', url: '/api/auth/verify-email?token=%00' }),
      'query.token',
      /NUL/,
    );
  });

  it('leaves well-formed text alone: emoji, accents and other scripts are stored as sent', async () => {
    const name = 'Café 🦷 Zahnärzte 歯科';
    const response = await request(t, user, {
      method: 'PATCH',
      url: `/api/v1/orgs/${orgId}`,
      payload: { name },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json().name).toBe(name);
  });
});

describe('the API describes itself', () => {
  it('serves an OpenAPI 3.1 document with every declared route', async () => {
    const response = await request(t, null, { method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toBe('3.1.0');
    expect(Object.keys(document.paths)).toContain('/api/v1/orgs/{orgId}');
  });

  it('serves the docs page', async () => {
    const response = await request(t, null, { method: 'GET', url: '/api/docs/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
  });

  it('answers health with the database checked, and echoes a request id', async () => {
    const response = await request(t, null, {
      method: 'GET',
      url: '/api/health',
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(response.json()).toEqual({ status: 'ok', database: 'ok', down: [] });
    expect(response.headers['x-request-id']).toBe('abc-123');
  });
});
