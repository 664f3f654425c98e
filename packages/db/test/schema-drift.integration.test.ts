import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateSchemaTypes } from '../src/codegen.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

it('the generated row types match the migrated schema (run `npm run db:codegen` when this fails)', async () => {
  await expect(generateSchemaTypes({ url: db.urls.owner, verify: true })).resolves.toBeUndefined();
});
