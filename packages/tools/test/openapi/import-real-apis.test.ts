import { readFileSync } from 'node:fs';
import { FunctionNameSchema } from '@switchboard/contracts/tools';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEgressGuard } from '../../src/egress/egress-guard.ts';
import { createHttpFunctions } from '../../src/kinds/http/create-http-functions.ts';
import {
  type ImportedOperation,
  importOpenApi,
  type OpenApiImport,
} from '../../src/openapi/import-openapi.ts';
import { createOpenApiImporter } from '../../src/openapi/import-openapi-off-thread.ts';
import { nameFromPath } from '../../src/openapi/naming.ts';
import { OpenApiImportError } from '../../src/openapi/openapi-import-error.ts';
import { largeJsonDocument } from '../../src/testing/openapi-documents.ts';
import { type EchoedRequest, startTestServer, type TestServer } from '../../src/testing/test-server.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

function op(result: OpenApiImport, key: string): ImportedOperation {
  const found = result.operations.find((o) => o.key === key);
  if (!found) throw new Error(`no operation ${key} in ${result.operations.map((o) => o.key).join(', ')}`);
  return found;
}

async function importError(source: string | object): Promise<OpenApiImportError> {
  const error = await importOpenApi(source).then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(OpenApiImportError);
  return error as OpenApiImportError;
}

let server: TestServer;
const egress = createEgressGuard({ allow: ['127.0.0.1'] });
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await Promise.all([server.close(), egress.close()]);
});

const formDocument = () => ({
  openapi: '3.0.3',
  info: { title: 'Payments', version: '1' },
  servers: [{ url: server.baseUrl }],
  paths: {
    '/echo/v1/customers/{customer}': {
      post: {
        operationId: 'PostCustomersCustomer',
        parameters: [{ name: 'customer', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: {
          required: true,
          content: {
            'application/x-www-form-urlencoded': {
              schema: {
                type: 'object',
                required: ['email'],
                properties: {
                  email: { type: 'string', format: 'email' },
                  balance: { type: 'integer' },
                  address: { $ref: '#/components/schemas/Address' },
                  expand: { type: 'array', items: { type: 'string' } },
                },
              },
              encoding: { address: { style: 'deepObject', explode: true } },
            },
          },
        },
        responses: { 200: { description: 'OK' } },
      },
    },
    '/echo/v1/files': {
      post: {
        requestBody: {
          content: {
            'multipart/form-data': {
              schema: {
                type: 'object',
                required: ['purpose', 'file'],
                properties: {
                  purpose: { type: 'string', enum: ['dispute_evidence', 'identity'] },
                  file: { type: 'string', format: 'binary' },
                },
              },
            },
          },
        },
        responses: { 200: { description: 'OK' } },
      },
    },
  },
  components: {
    schemas: {
      Address: { type: 'object', properties: { city: { type: 'string' }, line1: { type: 'string' } } },
    },
  },
});

describe('form bodies', () => {
  it('turns urlencoded fields into arguments and sends them nested in a[b]=c style', async () => {
    const result = await importOpenApi(formDocument());
    const update = op(result, 'POST /echo/v1/customers/{customer}').function!;
    expect(update.bodyEncoding).toBe('form');
    expect(update.parameters.required).toEqual(['customer', 'email']);
    expect(Object.keys(update.parameters.properties)).toEqual([
      'customer',
      'email',
      'balance',
      'address',
      'expand',
    ]);
    const [fn] = createHttpFunctions({
      config: { headers: {}, functions: [update] },
      secrets: {},
      fetch: egress.fetch,
    });
    await expect(fn!.execute({ customer: 'cus_1' }, new AbortController().signal)).rejects.toThrow(/email/);
    const echoed = (await fn!.execute(
      {
        customer: 'cus_1',
        email: 'ann@example.com',
        balance: -5,
        address: { city: 'Lyon', line1: '1 rue' },
        expand: ['tax'],
      },
      new AbortController().signal,
    )) as EchoedRequest;
    expect(echoed.path).toBe('/echo/v1/customers/cus_1');
    expect(echoed.rawBody).toBe(
      'email=ann%40example.com&balance=-5&address%5Bcity%5D=Lyon&address%5Bline1%5D=1+rue&expand=tax',
    );
  });

  it('turns multipart plain fields into arguments, leaving file fields out with a warning', async () => {
    const result = await importOpenApi(formDocument());
    const upload = op(result, 'POST /echo/v1/files').function!;
    expect(upload.name).toBe('create_file');
    expect(upload.bodyEncoding).toBe('multipart');
    expect(upload.parameters.properties).toEqual({
      purpose: { type: 'string', enum: ['dispute_evidence', 'identity'] },
    });
    expect(result.warnings).toContain(
      'POST /echo/v1/files: the file field "file" (required) cannot come from the model and was left out',
    );
  });
});

describe('authentication from securitySchemes', () => {
  const document = {
    openapi: '3.1.0',
    info: { title: 'Secure', version: '1' },
    servers: [{ url: 'https://api.secure.example/v2' }],
    security: [{ oauth: ['contacts.read'] }],
    paths: {
      '/contacts': {
        get: { security: [{ keyHeader: [] }, { basic: [] }], responses: { 200: { description: 'OK' } } },
      },
    },
    components: {
      securitySchemes: {
        keyHeader: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
        keyQuery: { type: 'apiKey', in: 'query', name: 'api_key' },
        keyCookie: { type: 'apiKey', in: 'cookie', name: 'sid' },
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        basic: { type: 'http', scheme: 'basic' },
        oauth: {
          type: 'oauth2',
          flows: {
            clientCredentials: {
              tokenUrl: '/oauth/token',
              scopes: { 'contacts.read': 'Read', 'contacts.write': 'Write' },
            },
          },
        },
        signIn: {
          type: 'oauth2',
          flows: { authorizationCode: { authorizationUrl: 'https://x', tokenUrl: 'https://x', scopes: {} } },
        },
        oidc: { type: 'openIdConnect', openIdConnectUrl: 'https://x/.well-known/openid-configuration' },
      },
    },
  };

  it('reads every supported scheme, the global one first, with exactly the secrets each needs', async () => {
    const result = await importOpenApi(document);
    expect(result.authentication.map((a) => [a.id, a.auth, a.secrets.map((s) => s.name)])).toEqual([
      [
        'oauth',
        {
          type: 'oauth2_client_credentials',
          tokenUrl: 'https://api.secure.example/oauth/token',
          scopes: ['contacts.read'],
          clientIdSecret: 'client_id',
          clientSecretSecret: 'client_secret',
        },
        ['client_id', 'client_secret'],
      ],
      ['keyHeader', { type: 'api_key', in: 'header', name: 'X-Api-Key', secret: 'api_key' }, ['api_key']],
      [
        'basic',
        { type: 'basic', usernameSecret: 'username', passwordSecret: 'password' },
        ['username', 'password'],
      ],
      ['keyQuery', { type: 'api_key', in: 'query', name: 'api_key', secret: 'api_key' }, ['api_key']],
      ['keyCookie', { type: 'api_key', in: 'cookie', name: 'sid', secret: 'api_key' }, ['api_key']],
      ['bearer', { type: 'bearer', secret: 'bearer_token' }, ['bearer_token']],
    ]);
    expect(result.warnings).toContain(
      'The security scheme "signIn" (OAuth2 without client credentials (a person signs in)) is not supported; add its header to the tool by hand',
    );
    expect(result.warnings).toContain(
      'The security scheme "oidc" (openIdConnect) is not supported; add its header to the tool by hand',
    );
  });
});

describe('Swagger 2.0', () => {
  it('is converted (forms, body, basic auth) without fetching anything outside the document', async () => {
    const before = server.requests.length;
    const text = fixture('swagger2-shop.yaml').replace(
      'EXTERNAL_REF',
      `${server.baseUrl}/echo/remote-schema.json`,
    );
    const result = await importOpenApi(text);
    expect(server.requests.length).toBe(before);
    expect(result.format).toBe('Swagger 2.0 (converted to OpenAPI 3)');
    expect(result.baseUrl).toBe('https://shop.example/api');
    expect(result.operations.map((o) => o.function!.name)).toEqual([
      'listOrders',
      'createOrder',
      'create_order_note',
      'remote',
    ]);
    const note = op(result, 'POST /orders/{number}/notes').function!;
    expect(note.bodyEncoding).toBe('form');
    expect(note.parameters.required).toEqual(['number', 'text']);
    expect(op(result, 'POST /orders').function!.parameters.properties.body).toMatchObject({
      type: 'object',
      required: ['sku'],
    });
    expect(result.authentication.map((a) => a.auth.type)).toEqual(['basic']);
  });
});

describe('Postman collections', () => {
  it('imports requests, folders as tags, variables, bodies and auth', async () => {
    const result = await importOpenApi(fixture('postman-crm.json'));
    expect(result.format).toBe('Postman collection v2.1');
    expect(result.title).toBe('Tiny CRM');
    expect(result.baseUrl).toBe('https://crm.example');
    expect(result.operations.map((o) => [o.key, o.function!.name, o.tags])).toEqual([
      ['GET /api/v2/contacts', 'find_contact_by_phone', ['Contacts']],
      ['GET /api/v2/contacts/{contactId}', 'get_contact', ['Contacts']],
      ['POST /api/v2/contacts', 'create_contact', ['Contacts']],
      ['POST /api/v2/notes', 'log_a_call_note', ['Notes']],
      ['POST /api/v2/attachments', 'attach_a_file', ['Notes']],
      ['GET /ping', 'ping', []],
    ]);
    const find = op(result, 'GET /api/v2/contacts').function!;
    expect(find).toMatchObject({
      url: 'https://crm.example/api/v2/contacts',
      query: ['phone', 'limit'],
      headers: { 'X-Api-Version': '2026-01' },
      description: 'Find contact by phone\n\nLooks a contact up by phone number.',
    });
    expect(find.parameters.properties.phone).toEqual({
      type: 'string',
      description: "The caller's number, E.164. Example: +15550100",
    });
    const get = op(result, 'GET /api/v2/contacts/{contactId}').function!;
    expect(get.url).toBe('https://crm.example/api/v2/contacts/{{contactId}}');
    expect(get.parameters.required).toEqual(['contactId']);
    const create = op(result, 'POST /api/v2/contacts').function!;
    expect(create.bodyEncoding).toBe('json');
    expect(create.parameters.properties).toMatchObject({
      name: { type: 'string' },
      vip: { type: 'boolean' },
      tags: { type: 'array' },
    });
    expect(op(result, 'POST /api/v2/notes').function).toMatchObject({ bodyEncoding: 'form' });
    expect(op(result, 'POST /api/v2/attachments').function!.parameters.properties).toEqual({
      title: { type: 'string', description: 'Example: Contract' },
    });
    expect(result.warnings).toContain(
      'Attach a file: the file field "file" cannot come from the model and was left out',
    );
    expect(result.authentication.map((a) => a.auth)).toEqual([
      { type: 'basic', usernameSecret: 'username', passwordSecret: 'password' },
    ]);
  });

  it('reads a v2.0 collection and asks for a base URL when the URL starts with a variable without value', async () => {
    const collection = {
      info: { name: 'Bare', schema: 'https://schema.getpostman.com/json/collection/v2.0.0/collection.json' },
      auth: { type: 'apikey', apikey: { key: 'X-Key', value: '{{key}}', in: 'header' } },
      item: [{ name: 'List things', request: { method: 'GET', url: '{{host}}/things' } }],
    };
    const withoutBase = await importOpenApi(collection);
    expect(withoutBase.operations).toEqual([]);
    expect(withoutBase.warnings).toContain(
      'List things was left out: the URL starts with {{host}}, which has no value; give a base URL',
    );
    const withBase = await importOpenApi(collection, { baseUrl: 'https://things.example/' });
    expect(withBase.format).toBe('Postman collection v2.0');
    expect(withBase.operations[0]!.function!.url).toBe('https://things.example/things');
    expect(withBase.authentication[0]!.auth).toEqual({
      type: 'api_key',
      in: 'header',
      name: 'X-Key',
      secret: 'api_key',
    });
  });
});

describe('documents that are none of these', () => {
  it('says what they look like', async () => {
    expect((await importError({ name: 'x', requests: [], order: [] })).message).toBe(
      'This is a Postman collection v1; export it from Postman as Collection v2.1 and try again',
    );
    expect(
      (await importError({ id: 'e', values: [], _postman_variable_scope: 'environment' })).message,
    ).toMatch(/^This is a Postman environment, not a collection/);
    expect((await importError({ asyncapi: '2.6.0', channels: {} })).message).toBe(
      'Not an OpenAPI, Swagger or Postman document: missing "openapi" (OpenAPI 3), "swagger" (Swagger 2.0) and "info.schema" (Postman collection); it starts with "asyncapi", "channels"',
    );
  });
});

describe('function names', () => {
  it('are verb and resource when there is no operationId', () => {
    expect(nameFromPath('GET', '/contacts')).toBe('list_contacts');
    expect(nameFromPath('GET', '/contacts/{id}')).toBe('get_contact');
    expect(nameFromPath('POST', '/crm/objects/2025-09/{fromObjectType}')).toBe('create_object');
    expect(nameFromPath('GET', '/v3/contacts/{id}/notes')).toBe('list_contact_notes');
    expect(nameFromPath('DELETE', '/companies/{companyId}/addresses/{addressId}')).toBe(
      'delete_company_address',
    );
    expect(
      nameFromPath(
        'PUT',
        '/crm/objects/2025-09/{fromObjectType}/{fromObjectId}/associations/{toObjectType}/{toObjectId}',
      ),
    ).toBe('update_object_association');
  });

  it('are sanitised operationIds, unique with deterministic suffixes, within 64 characters', async () => {
    const long = `get${'VeryLong'.repeat(12)}`;
    const document = {
      openapi: '3.0.3',
      info: { title: 'Names', version: '1' },
      servers: [{ url: 'https://names.example' }],
      paths: {
        '/a': {
          get: { operationId: long, responses: {} },
          post: { operationId: 'contacts/create (v2)', responses: {} },
        },
        '/b': { get: { operationId: long, responses: {} } },
        '/c/{id}': { get: { responses: {} }, put: { operationId: 'ünïcode-näme', responses: {} } },
        '/d/{id}': { get: { responses: {} } },
      },
    };
    const first = await importOpenApi(document);
    const names = first.operations.map((o) => o.function!.name);
    expect(names).toEqual([
      long.slice(0, 64),
      'contacts_create_v2',
      `${long.slice(0, 62)}_2`,
      'get_c',
      'unicode-name',
      'get_d',
    ]);
    for (const name of names) expect(FunctionNameSchema.safeParse(name).success, name).toBe(true);
    // Stable: the same document, and a selection of it, give the same names.
    const again = await importOpenApi(document, { operations: ['GET /b'] });
    expect(again.operations.flatMap((o) => (o.function ? [o.function.name] : []))).toEqual([
      `${long.slice(0, 62)}_2`,
    ]);
  });
});

describe('a large document', () => {
  const importer = createOpenApiImporter({ threads: 1 });
  afterAll(() => importer.close());

  it('of about 7 MB is listed off the event loop, and only the picked operations become functions', async () => {
    const document = largeJsonDocument(7);
    expect(Buffer.byteLength(document)).toBeGreaterThan(6.5 * 1024 * 1024);
    // The event loop stays free while the thread works: a timer set now fires before the import ends.
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 20);
    const listed = await importer.import(document).finally(() => clearInterval(ticker));
    expect(ticks).toBeGreaterThan(0);
    expect(listed.operations.length).toBeGreaterThan(2000);
    expect(listed.operations.every((o) => o.function === null)).toBe(true);
    expect(listed.authentication.map((a) => a.auth.type)).toEqual(['basic']);
    expect(new Set(listed.operations.flatMap((o) => o.tags)).size).toBe(40);

    const picked = await importer.import(document, {
      operations: ['GET /v1/resource7s/{id}', 'POST /v1/resource1500s/{id}'],
    });
    const built = picked.operations.flatMap((o) => (o.function ? [o.function] : []));
    expect(built.map((f) => [f.name, f.bodyEncoding])).toEqual([
      ['Getresource7', 'json'],
      ['Postresource1500', 'form'],
    ]);
  }, 60_000);
});
