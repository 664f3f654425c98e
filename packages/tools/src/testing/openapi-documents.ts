/** An OpenAPI 3.0 document in YAML with `operations` GET operations, about 290 bytes each. */
export function yamlDocumentWithOperations(operations: number): string {
  const lines = [
    'openapi: 3.0.3',
    'info: {title: Generated, version: "1"}',
    'servers: [{url: "https://generated.example"}]',
    'paths:',
  ];
  for (let i = 0; i < operations; i++) {
    lines.push(
      `  /items${i}/{id}:`,
      '    get:',
      `      operationId: get_item_${i}`,
      `      summary: Get item ${i}, with a summary as long as real ones tend to be`,
      '      parameters:',
      '        - {name: id, in: path, required: true, schema: {type: string}}',
      '      responses:',
      '        "200": {description: OK}',
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A "billion laughs": ten lines whose aliases (*name) stand for 9^6 strings once expanded, were the YAML
 * parser to expand them.
 */
export const YAML_ALIAS_BOMB = [
  'openapi: 3.0.3',
  'info: {title: Laughs, version: "1"}',
  'paths: {}',
  'x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
  ...['b', 'c', 'd', 'e', 'f'].map(
    (name, i) => `x-${name}: &${name} [${Array(9).fill(`*${'abcde'[i]}`).join(', ')}]`,
  ),
  '',
].join('\n');

/**
 * A JSON OpenAPI document of about `megabytes` MB, shaped like the biggest public ones (Stripe's): thousands
 * of operations under tags, form-encoded bodies, shared schemas referencing each other.
 */
export function largeJsonDocument(megabytes: number): string {
  const paths: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  const target = megabytes * 1024 * 1024;
  let size = 0;
  for (let i = 0; size < target; i++) {
    const resource = `resource${i}`;
    schemas[resource] = {
      type: 'object',
      description: `A ${resource}, described at the length real descriptions have. `.repeat(4),
      properties: {
        id: { type: 'string', description: 'Unique identifier for the object.' },
        created: { type: 'integer', description: 'Time at which the object was created.' },
        metadata: { type: 'object', additionalProperties: { type: 'string' } },
        parent: { $ref: `#/components/schemas/resource${Math.max(0, i - 1)}` },
      },
    };
    const item = {
      get: {
        operationId: `Get${resource}`,
        summary: `Retrieve a ${resource}`,
        tags: [`group${i % 40}`],
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          200: {
            description: 'OK',
            content: { 'application/json': { schema: { $ref: `#/components/schemas/${resource}` } } },
          },
        },
      },
      post: {
        operationId: `Post${resource}`,
        summary: `Update a ${resource}`,
        tags: [`group${i % 40}`],
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: {
          content: {
            'application/x-www-form-urlencoded': {
              schema: {
                type: 'object',
                properties: {
                  description: { type: 'string', maxLength: 5000 },
                  metadata: { type: 'object', additionalProperties: { type: 'string' } },
                  expand: { type: 'array', items: { type: 'string' } },
                },
              },
            },
          },
        },
        responses: {
          200: {
            description: 'OK',
            content: { 'application/json': { schema: { $ref: `#/components/schemas/${resource}` } } },
          },
        },
      },
    };
    paths[`/v1/${resource}s/{id}`] = item;
    size += JSON.stringify(item).length + JSON.stringify(schemas[resource]).length + 40;
  }
  return JSON.stringify({
    openapi: '3.0.0',
    info: { title: 'Large', version: '2026-01-01' },
    servers: [{ url: 'https://api.large.example' }],
    security: [{ basicAuth: [] }],
    components: { securitySchemes: { basicAuth: { type: 'http', scheme: 'basic' } }, schemas },
    paths,
  });
}
