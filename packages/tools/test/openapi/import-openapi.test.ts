import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEgressGuard } from '../../src/egress/egress-guard.ts';
import { createHttpFunctions } from '../../src/kinds/http/create-http-functions.ts';
import { importOpenApi, type OpenApiImport } from '../../src/openapi/import-openapi.ts';
import { OpenApiImportError } from '../../src/openapi/openapi-import-error.ts';
import { type EchoedRequest, startTestServer, type TestServer } from '../../src/testing/test-server.ts';

const petstoreYaml = readFileSync(new URL('../fixtures/petstore.yaml', import.meta.url), 'utf8');

function operation(result: OpenApiImport, key: string) {
  const found = result.operations.find((o) => o.key === key);
  if (!found) throw new Error(`no operation ${key}`);
  return found;
}

/** Every `$ref` key anywhere in a value. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => (k === '$ref' ? [String(v)] : refsIn(v)));
  }
  return [];
}

async function importError(source: string | object): Promise<OpenApiImportError> {
  try {
    await importOpenApi(source);
  } catch (error) {
    expect(error).toBeInstanceOf(OpenApiImportError);
    const message = (error as Error).message;
    // A message for people, not a stack trace.
    expect(message).not.toMatch(/\n\s+at /);
    return error as OpenApiImportError;
  }
  throw new Error('expected the import to fail');
}

describe('a petstore-like YAML document', () => {
  let result: OpenApiImport;
  beforeAll(async () => {
    result = await importOpenApi(petstoreYaml);
  });

  it('reads title, version and the base URL with server variables filled in', () => {
    expect(result.title).toBe('Petstore');
    expect(result.version).toBe('1.2.0');
    expect(result.baseUrl).toBe('https://eu.petstore.example/v1');
    expect(result.operations.map((o) => o.key)).toEqual([
      'GET /pets',
      'POST /pets',
      'GET /pets/{petId}',
      'PATCH /pets/{petId}',
      'GET /owners/{ownerId}/family-tree',
      'PUT /owners/{ownerId}/family-tree',
    ]);
  });

  it('turns query and header parameters (from $refs too) into arguments, leaving out Authorization and cookies', () => {
    const list = operation(result, 'GET /pets');
    expect(list.summary).toBe('List pets');
    expect(list.tags).toEqual(['pets']);
    expect(list.function!).toEqual({
      name: 'listPets',
      description: 'List pets\n\nReturns the pets in the store, newest first.',
      parameters: {
        type: 'object',
        properties: {
          limit: {
            type: 'integer',
            minimum: 1,
            maximum: 100,
            default: 20,
            description: 'How many pets to return',
          },
          tags: { type: 'array', items: { type: 'string' }, description: 'Only pets with all these tags' },
          'X-Request-Id': { type: 'string' },
        },
        additionalProperties: false,
      },
      method: 'GET',
      url: 'https://eu.petstore.example/v1/pets',
      query: ['limit', 'tags'],
      headers: { 'X-Request-Id': '{{X-Request-Id}}' },
      bodyEncoding: 'json',
      timeoutMs: 10_000,
    });
    expect(result.warnings).toContain(
      'GET /pets: the cookie parameter "session" is not supported and was left out',
    );
    expect(result.warnings).toContain('HEAD /pets/{petId}: HEAD is not supported and was left out');
  });

  it('makes path parameters (declared on the path item) required and templates the URL', () => {
    const show = operation(result, 'GET /pets/{petId}').function!;
    expect(show.url).toBe('https://eu.petstore.example/v1/pets/{{petId}}');
    expect(show.parameters.properties.petId).toEqual({
      type: 'integer',
      format: 'int64',
      minimum: 1,
      description: "The pet's id",
    });
    expect(show.parameters.required).toEqual(['petId']);
  });

  it('inlines a JSON request body as the argument "body", required when the body is', () => {
    const create = operation(result, 'POST /pets').function!;
    expect(create.body).toBe('{{body}}');
    expect(create.parameters.required).toEqual(['body']);
    expect(create.parameters.properties.body).toEqual({
      type: 'object',
      required: ['name'],
      description: 'The pet to add',
      properties: {
        name: { type: 'string' },
        tag: { type: 'string', nullable: true },
        owner: {
          type: 'object',
          properties: { name: { type: 'string' }, email: { type: 'string', format: 'email' } },
        },
      },
    });
    // A +json media type counts as JSON; an optional body is an optional argument.
    const patch = operation(result, 'PATCH /pets/{petId}').function!;
    expect(patch.body).toBe('{{body}}');
    expect(patch.parameters.required).toEqual(['petId']);
  });

  it('names functions from operationId (sanitised, deduplicated) or from method and path', () => {
    const names = result.operations.map((o) => o.function!.name);
    expect(names).toEqual([
      'listPets',
      'createPet',
      'showPetById',
      'update_pet',
      'owners_family_tree',
      'owners_family_tree_2',
    ]);
  });

  it('cuts a circular schema at a small depth and rewrites OpenAPI 3.0 keywords for JSON Schema', () => {
    const tree = operation(result, 'PUT /owners/{ownerId}/family-tree').function!.parameters.properties
      .body as {
      properties: { children: { items: { properties: { children: { items: unknown } } } } };
    };
    expect(tree.properties.children.items.properties.children.items).toEqual({
      type: 'object',
      description: 'TreeNode (recursive)',
    });
    const depth = operation(result, 'GET /owners/{ownerId}/family-tree').function!.parameters.properties
      .depth;
    expect(depth).toEqual({ type: 'integer', exclusiveMinimum: 0, maximum: 5 });
  });

  it('leaves no $ref, no shared object and no cycle in any function', () => {
    for (const { function: fn } of result.operations) {
      expect(refsIn(fn)).toEqual([]);
      expect(JSON.parse(JSON.stringify(fn))).toEqual(fn);
    }
    expect(JSON.stringify(result)).not.toContain('x-internal');
    expect(JSON.stringify(result)).not.toContain('"example"');
  });
});

describe('base URL and input forms', () => {
  it('prefers options.baseUrl, and warns about a relative server URL', async () => {
    const doc = {
      openapi: '3.1.0',
      info: { title: 'Relative', version: '1' },
      servers: [{ url: '/api/v2' }],
      paths: { '/ping': { get: { operationId: 'ping' } } },
    };
    const relative = await importOpenApi(doc);
    expect(relative.baseUrl).toBeNull();
    expect(relative.warnings).toEqual([
      'The server URL "/api/v2" is not an absolute http(s) URL; give a base URL',
    ]);
    expect(relative.operations[0]?.function?.url).toBe('/ping');
    const given = await importOpenApi(doc, { baseUrl: 'https://api.example.com/v2/' });
    expect(given.baseUrl).toBe('https://api.example.com/v2');
    expect(given.operations[0]?.function?.url).toBe('https://api.example.com/v2/ping');
  });

  it('reads JSON text and objects like YAML, without modifying the object', async () => {
    const fromYaml = await importOpenApi(petstoreYaml);
    const { parse } = await import('yaml');
    const object = parse(petstoreYaml) as object;
    const before = structuredClone(object);
    expect(await importOpenApi(object)).toEqual(fromYaml);
    expect(object).toEqual(before);
    expect(await importOpenApi(JSON.stringify(object))).toEqual(fromYaml);
  });
});

describe('imported functions run against a real server', () => {
  let server: TestServer;
  // The test server is on 127.0.0.1, which the egress guard refuses unless the operator allows it.
  const egress = createEgressGuard({ allow: ['127.0.0.1'] });
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await Promise.all([server.close(), egress.close()]);
  });

  it('sends path, query, header and body arguments where the document says', async () => {
    const imported = await importOpenApi(petstoreYaml, { baseUrl: `${server.baseUrl}/echo` });
    const functions = createHttpFunctions({
      config: { headers: {}, functions: imported.operations.map((o) => o.function!) },
      secrets: {},
      fetch: egress.fetch,
    });
    const byName = new Map(functions.map((f) => [f.name, f]));
    const signal = new AbortController().signal;

    const list = (await byName
      .get('listPets')
      ?.execute({ limit: 2, tags: ['cat', 'small'], 'X-Request-Id': 'r-1' }, signal)) as EchoedRequest;
    expect(list.path).toBe('/echo/pets');
    expect(list.query).toEqual({ limit: ['2'], tags: ['cat', 'small'] });
    expect(list.headers['x-request-id']).toBe('r-1');

    const created = (await byName
      .get('createPet')
      ?.execute({ body: { name: 'Rex', tag: null } }, signal)) as EchoedRequest;
    expect(created.method).toBe('POST');
    expect(created.body).toEqual({ name: 'Rex', tag: null });

    await expect(byName.get('showPetById')?.execute({ petId: 0 }, signal)).rejects.toThrow(
      'Invalid arguments for showPetById: "petId" must be >= 1',
    );
  });

  it('never fetches an external $ref', async () => {
    const before = server.requests.length;
    const result = await importOpenApi({
      openapi: '3.0.3',
      info: { title: 'External', version: '1' },
      paths: {
        '/pets': {
          post: {
            operationId: 'addPet',
            requestBody: {
              content: { 'application/json': { schema: { $ref: `${server.baseUrl}/echo/pet.json` } } },
            },
            responses: { '200': { description: 'ok' } },
          },
        },
      },
    });
    expect(server.requests.length).toBe(before);
    expect(result.operations[0]?.function?.parameters.properties.body).toEqual({
      description: `Not imported: ${server.baseUrl}/echo/pet.json`,
    });
    expect(result.warnings).toContain(
      `POST /pets: the reference "${server.baseUrl}/echo/pet.json" points outside the document and was left out`,
    );
  });
});

describe('documents that cannot be imported', () => {
  it('says what a Swagger 1.2 document is', async () => {
    const error = await importError('swagger: "1.2"\ninfo: {title: Old, version: "1"}\npaths: {}\n');
    expect(error.message).toBe(
      'This is a Swagger 1.2 document; Swagger 2.0 and OpenAPI 3 are read (convert it to OpenAPI 3 first)',
    );
  });

  it('says where YAML is broken', async () => {
    const error = await importError('openapi: 3.0.0\ninfo: [1, 2\npaths: {}\n');
    expect(error.message).toMatch(
      /^The document is neither valid JSON nor valid YAML: .* at line 3, column 1$/,
    );
  });

  it('names a missing openapi field, an unsupported version and a missing required field', async () => {
    expect((await importError('info: {title: x, version: "1"}\npaths: {}\n')).message).toBe(
      'Not an OpenAPI, Swagger or Postman document: missing "openapi" (OpenAPI 3), "swagger" (Swagger 2.0) and "info.schema" (Postman collection); it starts with "info", "paths"',
    );
    expect((await importError({ openapi: '4.0.0', info: {}, paths: {} })).message).toBe(
      'Unsupported OpenAPI version "4.0.0"; OpenAPI 3.0 and 3.1 are supported',
    );
    const error = await importError({
      openapi: '3.0.3',
      info: { title: 'x', version: '1' },
      paths: { '/pets': { get: { summary: 'no responses' } }, pets: {} },
    });
    expect(error.message).toBe(
      'Invalid OpenAPI document: paths: "pets" must start with "/"; paths./pets.get.responses is required',
    );
  });

  it('names an unresolvable $ref and where it is', async () => {
    const error = await importError({
      openapi: '3.0.3',
      info: { title: 'x', version: '1' },
      paths: {
        '/pets': {
          get: {
            parameters: [{ $ref: '#/components/parameters/Gone' }],
            responses: {
              '200': {
                description: 'ok',
                content: { 'application/json': { schema: { $ref: '#/components/schemas/Missing' } } },
              },
            },
          },
        },
      },
    });
    expect(error.message).toBe(
      'Unresolvable $ref "#/components/parameters/Gone" at paths./pets.get.parameters.0; ' +
        'Unresolvable $ref "#/components/schemas/Missing" at paths./pets.get.responses.200.content.application/json.schema',
    );
  });
});
