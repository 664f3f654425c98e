import { readFileSync } from 'node:fs';
import { FunctionNameSchema } from '@switchboard/contracts/tools';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHttpFunctions } from '../../src/kinds/http/create-http-functions.ts';
import { importOpenApi, type OpenApiImport } from '../../src/openapi/import-openapi.ts';
import { ToolCallError } from '../../src/tool-function.ts';
import { validateArguments } from '../../src/validate-arguments.ts';

// 149 operations of GitHub's REST API description (issues, pulls, gists, git, search, reactions, users,
// checks) with the components they reference, taken from @octokit/openapi.
const fixture = readFileSync(new URL('../fixtures/github-rest-subset.json', import.meta.url), 'utf8');

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => (k === '$ref' ? [String(v)] : refsIn(v)));
  }
  return [];
}

describe('the GitHub REST API subset', () => {
  let result: OpenApiImport;
  beforeAll(async () => {
    result = await importOpenApi(fixture);
  });

  it('imports every operation, with the base URL of the document and nothing to warn about', () => {
    expect(result.operations).toHaveLength(149);
    expect(result.baseUrl).toBe('https://api.github.com');
    expect(result.warnings).toEqual([]);
    expect(new Set(result.operations.flatMap((o) => o.tags))).toEqual(
      new Set(['issues', 'pulls', 'gists', 'git', 'search', 'reactions', 'users', 'checks']),
    );
  });

  it('leaves no $ref anywhere in any function', () => {
    for (const { key, function: fn } of result.operations) {
      expect(refsIn(fn!.parameters), key).toEqual([]);
      expect(JSON.stringify(fn), key).not.toContain('$ref');
    }
  });

  it('gives every function a valid, unique name and a description within limits', () => {
    const names = result.operations.map((o) => o.function!.name);
    for (const name of names) expect(FunctionNameSchema.safeParse(name).success, name).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    for (const { function: fn } of result.operations) {
      expect(fn!.description.length).toBeGreaterThan(0);
      expect(fn!.description.length).toBeLessThanOrEqual(1024);
    }
  });

  it('maps a list operation: path parameters required, query parameters listed', () => {
    const list = result.operations.find((o) => o.key === 'GET /repos/{owner}/{repo}/issues');
    expect(list?.function?.name).toBe('issues_list-for-repo');
    expect(list?.function?.url).toBe('https://api.github.com/repos/{{owner}}/{{repo}}/issues');
    expect(list?.function?.parameters.required).toEqual(['owner', 'repo']);
    expect(list?.function?.query).toEqual(
      expect.arrayContaining(['state', 'labels', 'sort', 'direction', 'since', 'per_page', 'page']),
    );
    expect(list?.function?.query).not.toContain('owner');
    expect(list?.function?.parameters.properties.state).toEqual({
      type: 'string',
      enum: ['open', 'closed', 'all'],
      default: 'open',
      description: 'Indicates the state of the issues to return.',
    });
    expect(list?.function?.parameters.properties.per_page).toMatchObject({ type: 'integer', default: 30 });
  });

  it('maps an operation with a JSON body: the body is a required argument sent as {{body}}', () => {
    const create = result.operations.find((o) => o.key === 'POST /repos/{owner}/{repo}/issues')?.function;
    expect(create?.name).toBe('issues_create');
    expect(create?.method).toBe('POST');
    expect(create?.body).toBe('{{body}}');
    expect(create?.parameters.required).toEqual(['owner', 'repo', 'body']);
    const body = create?.parameters.properties.body as {
      required: string[];
      properties: Record<string, unknown>;
    };
    expect(body.required).toEqual(['title']);
    expect(body.properties.title).toEqual({
      oneOf: [{ type: 'string' }, { type: 'integer' }],
      description: 'The title of the issue.',
    });
    // OpenAPI 3.0's `nullable` next to oneOf becomes a null alternative.
    expect((body.properties.milestone as { oneOf: unknown[] }).oneOf).toContainEqual({ type: 'null' });
  });

  it('produces schemas Ajv compiles and configurations the HTTP kind builds', () => {
    for (const { function: fn } of result.operations) {
      try {
        validateArguments(fn!, {});
      } catch (error) {
        expect(error).toBeInstanceOf(ToolCallError);
        expect((error as Error).message).toMatch(/^Invalid arguments for /);
      }
    }
    const built = createHttpFunctions({
      config: { headers: {}, functions: result.operations.map((o) => o.function!) },
      secrets: {},
      // Built, never called.
      fetch: () => Promise.reject(new Error('no requests in this test')),
    });
    expect(built).toHaveLength(149);
    expect(() =>
      validateArguments(built.find((f) => f.name === 'issues_create')!, {
        owner: 'octo',
        repo: 'hello',
        body: { title: 'Bug', milestone: null, labels: ['bug'] },
      }),
    ).not.toThrow();
  });
});
