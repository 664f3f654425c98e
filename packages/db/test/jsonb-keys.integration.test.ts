import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';
import { seedAgentAndTool, seedOrganization } from './fixtures.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(() => db.destroy());

// Column names are mapped to camelCase, but a tool argument called order_id must come back as order_id.
it('keeps the keys inside jsonb values exactly as stored', async () => {
  const { organizationId, userId } = await seedOrganization(db.owner, 'a');
  const { toolId } = await seedAgentAndTool(db.owner, organizationId, userId);
  const config = {
    functions: [{ parameters: { properties: { order_id: { type: 'string' } } } }],
    'X-Api-Key': 1,
  };
  await db.owner
    .updateTable('tools')
    .set({ config: JSON.stringify(config) })
    .where('id', '=', toolId)
    .execute();
  const row = await db.owner
    .selectFrom('tools')
    .select('config')
    .where('id', '=', toolId)
    .executeTakeFirstOrThrow();
  expect(row.config).toEqual(config);
});
