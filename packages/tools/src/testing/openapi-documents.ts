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
