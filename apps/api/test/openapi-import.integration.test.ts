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
  it('a document over 2 MB: 413 naming the limit, from the import or, far over, from the body limit', async () => {
    const over = await preview(`${yamlDocumentWithOperations(1)}#${'x'.repeat(OPENAPI_DOCUMENT_MAX_BYTES)}`);
    expect(over.statusCode).toBe(413);
    expect(over.json().error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      message: expect.stringMatching(/^The document is 2 MB; the import reads documents up to 2 MB/),
      details: [{ path: 'document', message: expect.any(String) }],
    });

    const farOver = await preview('x'.repeat(10 * 1024 * 1024));
    expect(farOver.statusCode).toBe(413);
    expect(farOver.json().error).toEqual({
      code: 'PAYLOAD_TOO_LARGE',
      message: `The request body is larger than the ${3 * OPENAPI_DOCUMENT_MAX_BYTES} bytes this endpoint accepts`,
    });
  });

  it(`more operations than a tool holds (${MAX_TOOL_FUNCTIONS}): 422 naming the count`, async () => {
    const response = await preview(yamlDocumentWithOperations(MAX_TOOL_FUNCTIONS + 100));
    expect(response.statusCode).toBe(422);
    expect(response.json().error).toMatchObject({
      code: 'TOO_COMPLEX',
      message: expect.stringMatching(/^The document has 600 operations; a tool holds at most 500 functions/),
      details: [{ path: 'document' }],
    });
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
    // Whether the count or the time budget stops it first depends on the machine; either is a 422.
    expect((await slow).statusCode).toBe(422);
  });
});
