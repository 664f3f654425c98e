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
    expect(response.json()).toEqual({ status: 'ok', database: 'ok' });
    expect(response.headers['x-request-id']).toBe('abc-123');
  });
});
