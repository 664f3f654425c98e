import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../src/tenant.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';
import { seedAgentAndTool, seedOrganization } from './fixtures.ts';

let db: TestDatabase;
let orgId: string;
let toolId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  const seeded = await seedOrganization(db.owner, 'a');
  orgId = seeded.organizationId;
  ({ toolId } = await seedAgentAndTool(db.owner, orgId, seeded.userId));
});
afterAll(() => db.destroy());

describe('tool secrets, two tiers', () => {
  it('the API role learns which secrets exist, never their ciphertext', async () => {
    await withTenant(db.app, { orgId }, async (tx) => {
      const names = await tx.selectFrom('toolSecrets').select(['toolId', 'name']).execute();
      expect(names).toEqual([{ toolId, name: 'api_key' }]);
    });
    await expect(
      withTenant(db.app, { orgId }, (tx) => tx.selectFrom('toolSecrets').select('ciphertext').execute()),
    ).rejects.toThrow(/permission denied/);
    await expect(
      withTenant(db.app, { orgId }, (tx) =>
        tx.updateTable('toolSecrets').set({ ciphertext: 'x' }).returning('ciphertext').execute(),
      ),
    ).rejects.toThrow(/permission denied/);
  });

  it('the API role writes and replaces secrets', async () => {
    await withTenant(db.app, { orgId }, async (tx) => {
      await tx
        .insertInto('toolSecrets')
        .values({ organizationId: orgId, toolId, name: 'token', ciphertext: 'v1:a' })
        .execute();
      const replaced = await tx
        .updateTable('toolSecrets')
        .set({ ciphertext: 'v1:b' })
        .where('toolId', '=', toolId)
        .where('name', '=', 'token')
        .executeTakeFirst();
      expect(replaced.numUpdatedRows).toBe(1n);
    });
  });

  it('the worker role reads the ciphertext inside its organization only', async () => {
    const rows = await withTenant(db.worker, { orgId }, (tx) =>
      tx.selectFrom('toolSecrets').select(['name', 'ciphertext']).orderBy('name').execute(),
    );
    expect(rows).toEqual([
      { name: 'api_key', ciphertext: 'v1:not-a-real-ciphertext' },
      { name: 'token', ciphertext: 'v1:b' },
    ]);
    const other = await seedOrganization(db.owner, 'b');
    const elsewhere = await withTenant(db.worker, { orgId: other.organizationId }, (tx) =>
      tx.selectFrom('toolSecrets').select('ciphertext').execute(),
    );
    expect(elsewhere).toEqual([]);
  });
});
