import { MAX_TOOL_FUNCTIONS, OPENAPI_DOCUMENT_MAX_BYTES } from '@switchboard/contracts/tools';
import { YAML_ALIAS_BOMB, yamlDocumentWithOperations } from '@switchboard/tools/testing/openapi-documents';
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
let admin: TestUser;
let url: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signUp(t);
  url = `/api/v1/orgs/${await createOrganization(t, admin)}/tools/openapi-preview`;
});
afterAll(() => t.close());

const preview = (document: string) => request(t, admin, { method: 'POST', url, payload: { document } });

describe('an OpenAPI import that would cost the server too much is refused with a clear error', () => {
  it('a document over 10 MB: 413 naming the limit, from the import or, far over, from the body limit', async () => {
    const over = await preview(`${yamlDocumentWithOperations(1)}#${'x'.repeat(OPENAPI_DOCUMENT_MAX_BYTES)}`);
    expect(over.statusCode).toBe(413);
    expect(over.json().error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringMatching(/^The document is 10 MB; the import reads documents up to 10 MB/),
      details: [{ path: 'document', message: expect.any(String) }],
    });

    const farOver = await preview('x'.repeat(2 * OPENAPI_DOCUMENT_MAX_BYTES + 1024));
    expect(farOver.statusCode).toBe(413);
    expect(farOver.json().error).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      message: `The request body is larger than the ${2 * OPENAPI_DOCUMENT_MAX_BYTES} bytes this endpoint accepts`,
    });
  });

  it(`more operations than a tool holds (${MAX_TOOL_FUNCTIONS}): listed, then the picked ones built`, async () => {
    const document = yamlDocumentWithOperations(MAX_TOOL_FUNCTIONS + 100);
    const listed = await preview(document);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().operations).toHaveLength(600);
    expect(listed.json().operations.every((o: { function: unknown }) => o.function === null)).toBe(true);
    const picked = await request(t, admin, {
      method: 'POST',
      url,
      payload: { document, operations: ['GET /items599/{id}'] },
    });
    expect(picked.statusCode).toBe(200);
    expect(picked.json().operations.filter((o: { function: unknown }) => o.function !== null)).toHaveLength(
      1,
    );
    const tooMany = await request(t, admin, {
      method: 'POST',
      url,
      payload: { document, operations: listed.json().operations.map((o: { key: string }) => o.key) },
    });
    expect(tooMany.statusCode).toBe(400);
  });

  it('a YAML alias bomb: 422', async () => {
    const response = await preview(YAML_ALIAS_BOMB);
    expect(response.statusCode).toBe(422);
    expect(response.json().error.message).toMatch(/aliases .* expand too much/);
  });

  it('the API answers other requests while a large document is being read', async () => {
    // Nearly 1 MB of YAML: seconds of parsing, in the import’s own thread.
    let isSettled = false;
    const slow = preview(yamlDocumentWithOperations(3_000)).finally(() => {
      isSettled = true;
    });
    const health = await request(t, null, { method: 'GET', url: '/api/health' });
    expect(health.json()).toEqual({ status: 'ok', database: 'ok', down: [] });
    const tools = await request(t, admin, { method: 'GET', url: url.replace('/openapi-preview', '') });
    expect(tools.statusCode).toBe(200);
    expect(isSettled).toBe(false);
    // 3,000 operations: listed for the picker.
    const listed = await slow;
    expect(listed.statusCode).toBe(200);
    expect(listed.json().operations).toHaveLength(3_000);
  });
});
