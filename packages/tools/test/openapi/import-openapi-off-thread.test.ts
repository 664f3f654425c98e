import { readFileSync } from 'node:fs';
import { MAX_TOOL_FUNCTIONS, OPENAPI_DOCUMENT_MAX_BYTES } from '@switchboard/contracts/tools';
import { afterAll, describe, expect, it } from 'vitest';
import { importOpenApi } from '../../src/openapi/import-openapi.ts';
import { createOpenApiImporter } from '../../src/openapi/import-openapi-off-thread.ts';
import { OpenApiImportError } from '../../src/openapi/openapi-import-error.ts';
import { YAML_ALIAS_BOMB, yamlDocumentWithOperations } from '../../src/testing/openapi-documents.ts';

const petstore = readFileSync(new URL('../fixtures/petstore.yaml', import.meta.url), 'utf8');

const importer = createOpenApiImporter({ threads: 1 });
afterAll(() => importer.close());

/** The error an import fails with; the test fails when it succeeds. */
async function failure(promise: Promise<unknown>): Promise<OpenApiImportError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(OpenApiImportError);
  return error as OpenApiImportError;
}

describe('importing in a worker thread', () => {
  it('gives the same result as importing on the calling thread, one import after another', async () => {
    const expected = await importOpenApi(petstore, { baseUrl: 'https://sandbox.example' });
    expect(await importer.import(petstore, { baseUrl: 'https://sandbox.example' })).toEqual(expected);
    expect(await importer.import(petstore, { baseUrl: 'https://sandbox.example' })).toEqual(expected);
  });

  it('reports a broken document as the calling thread would', async () => {
    const error = await failure(importer.import('swagger: "1.2"\ninfo: {title: Old, version: "1"}\n'));
    expect(error.problem).toBe('invalid');
    expect(error.message).toMatch(/^This is a Swagger 1.2 document/);
  });

  it(`refuses a document over ${OPENAPI_DOCUMENT_MAX_BYTES} bytes, naming the limit`, async () => {
    const error = await failure(importer.import(`${petstore}\n#${'x'.repeat(OPENAPI_DOCUMENT_MAX_BYTES)}`));
    expect(error.problem).toBe('too-large');
    expect(error.message).toMatch(/^The document is 10 MB; the import reads documents up to 10 MB/);
    // Counted in UTF-8 bytes, as the request carried them: 3,500,000 three-byte characters are 10.5 MB.
    const wide = await failure(importer.import(`${petstore}\n# ${'€'.repeat(3_500_000)}`));
    expect(wide.problem).toBe('too-large');
  });

  it(`lists a document with more operations than a tool holds (${MAX_TOOL_FUNCTIONS}), building only the picked ones`, async () => {
    const all = await importer.import(yamlDocumentWithOperations(MAX_TOOL_FUNCTIONS));
    expect(all.operations.filter((op) => op.function !== null)).toHaveLength(MAX_TOOL_FUNCTIONS);
    const document = yamlDocumentWithOperations(MAX_TOOL_FUNCTIONS + 1);
    const listed = await importer.import(document);
    expect(listed.operations).toHaveLength(501);
    expect(listed.operations.every((op) => op.function === null)).toBe(true);
    expect(listed.warnings).toContain(
      'The document has 501 operations, more than the 500 a tool holds: pick the ones the agent needs; their functions are built when the tool is created',
    );
    const picked = await importer.import(document, {
      operations: ['GET /items500/{id}', 'GET /items7/{id}'],
    });
    expect(picked.operations.flatMap((op) => (op.function ? [op.function.name] : []))).toEqual([
      'get_item_7',
      'get_item_500',
    ]);
    const tooMany = listed.operations.map((op) => op.key);
    const error = await failure(importer.import(document, { operations: tooMany }));
    expect(error.problem).toBe('too-complex');
    expect(error.message).toBe('501 operations were picked; a tool holds at most 500 functions');
  });

  it('refuses a YAML alias bomb and JSON or YAML nested thousands of levels deep', async () => {
    const bomb = await failure(importer.import(YAML_ALIAS_BOMB));
    expect(bomb.problem).toBe('too-complex');
    expect(bomb.message).toMatch(/aliases .* expand too much/);

    const head =
      'openapi: 3.0.3\ninfo: {title: Deep, version: "1"}\npaths: {}\ncomponents:\n  schemas:\n    Deep: ';
    const deepYaml = await failure(importer.import(`${head}${'['.repeat(10_000)}${']'.repeat(10_000)}\n`));
    expect(deepYaml.problem).toBe('too-complex');
    expect(deepYaml.message).toMatch(/nested too deeply/);

    const deepJson = `{"openapi":"3.0.3","info":{"title":"Deep","version":"1"},"paths":{},"components":{"schemas":{"Deep":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}}}`;
    const json = await failure(importer.import(deepJson));
    expect(json.problem).toBe('too-complex');
    expect(json.message).toMatch(
      /^The document is nested more than 128 levels deep \(at components\.schemas\.Deep\.a/,
    );
  });

  it('stops an import that runs out of its time budget, then imports again in a fresh thread', async () => {
    // No thread starts, let alone parses, within a millisecond.
    const hurried = createOpenApiImporter({ threads: 1, timeBudgetMs: 1 });
    try {
      const error = await failure(hurried.import(petstore));
      expect(error.problem).toBe('too-complex');
      expect(error.message).toMatch(/^Importing the document took longer than 0.001 seconds and was stopped/);
    } finally {
      await hurried.close();
    }
    expect((await importer.import(petstore)).operations.length).toBeGreaterThan(3);
  });

  it('stops an import that needs more memory than its thread may have', async () => {
    const cramped = createOpenApiImporter({ threads: 1, maxHeapMb: 8 });
    try {
      const error = await failure(cramped.import(yamlDocumentWithOperations(400)));
      expect(error.problem).toBe('too-complex');
      expect(error.message).toMatch(/needed more than 8 MB of memory/);
    } finally {
      await cramped.close();
    }
  });

  it('refuses an import when too many are waiting for a thread', async () => {
    const small = createOpenApiImporter({ threads: 1, maxWaiting: 0 });
    try {
      const first = small.import(petstore);
      const error = await failure(small.import(petstore));
      expect(error.problem).toBe('busy');
      expect((await first).operations.length).toBeGreaterThan(3);
    } finally {
      await small.close();
    }
  });
});
