import { readFile } from 'node:fs/promises';
import { expect, it } from 'vitest';
import { GENERATED_FILE, generateApiTypes } from './lib/openapi-codegen.ts';

it('the typed client types match the OpenAPI document (run `npm run api:codegen` when this fails)', async () => {
  const generated = await generateApiTypes();
  const onDisk = await readFile(GENERATED_FILE, 'utf8');
  expect(onDisk, 'packages/contracts/src/generated/openapi.ts is stale: run `npm run api:codegen`').toBe(
    generated,
  );
});
