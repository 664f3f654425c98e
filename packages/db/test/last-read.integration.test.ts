import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../src/database.ts';
import { withTenant } from '../src/tenant.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';
import { seedAgentAndTool, seedOrganization } from './fixtures.ts';

// withTenant's last read travels with COMMIT (`end.commitWith`), its parameters written in as literals, as
// the first read travels with BEGIN: it must run as the tenant, and end the transaction, committed or not.

let db: TestDatabase;
let a: Awaited<ReturnType<typeof seedOrganization>>;
let b: Awaited<ReturnType<typeof seedOrganization>>;
let agentOfB: string;
/** One connection, so that a statement's first run (prepared then) and its later ones (by name) both run. */
let single: Database;

beforeAll(async () => {
  db = await createTestDatabase();
  a = await seedOrganization(db.owner, 'a');
  b = await seedOrganization(db.owner, 'b');
  ({ agentId: agentOfB } = await seedAgentAndTool(db.owner, b.organizationId, b.userId));
  single = createDatabase({ url: db.urls.app, maxConnections: 1 });
});
afterAll(async () => {
  await single?.destroy();
  await db.destroy();
});

const agentsNamed = (name: string) =>
  single.selectFrom('agents').select(['id', 'name']).where('name', '=', name);
const storedName = async () =>
  (await db.owner.selectFrom('agents').select('name').where('id', '=', agentOfB).executeTakeFirstOrThrow())
    .name;
const rename = (name: string) =>
  withTenant(single, { orgId: b.organizationId }, async (tx, _, end) => {
    await tx.updateTable('agents').set({ name }).where('id', '=', agentOfB).execute();
    return end.commitWith(agentsNamed(name));
  });

describe('a last read sent with COMMIT', () => {
  it('answers its rows and commits the work before it, on a first run and by name after', async () => {
    for (const name of ["Renamed's first", 'Renamed again', 'Renamed a third time']) {
      expect(await rename(name)).toEqual([{ id: agentOfB, name }]);
      expect(await storedName()).toBe(name);
    }
  });

  it('runs under RLS as the tenant the transaction is for', async () => {
    const name = await storedName();
    const asA = await withTenant(single, { orgId: a.organizationId }, (_, __, end) =>
      end.commitWith(agentsNamed(name)),
    );
    expect(asA).toEqual([]);
  });

  it('rolls the work back when the read fails, and the connection serves the next transaction', async () => {
    const before = await storedName();
    await expect(
      withTenant(single, { orgId: b.organizationId }, async (tx, _, end) => {
        await tx.updateTable('agents').set({ name: 'Never stored' }).where('id', '=', agentOfB).execute();
        // A division by zero for each of the tenant's agents: the read fails inside the closing message.
        return end.commitWith(single.selectFrom('agents').select(sql<number>`1 / ${0}`.as('broken')));
      }),
    ).rejects.toThrow('division by zero');
    expect(await storedName()).toBe(before);
    expect(await rename('After the failure')).toEqual([{ id: agentOfB, name: 'After the failure' }]);
  });

  it('refuses, before anything is sent, a statement that is not a select', async () => {
    await expect(
      withTenant(single, { orgId: b.organizationId }, (_, __, end) =>
        end.commitWith(single.deleteFrom('agents').where('id', '=', agentOfB).returning('id')),
      ),
    ).rejects.toThrow('must be a select');
    expect(await storedName()).toBe('After the failure');
  });

  it('ends the transaction once: a second one is refused and nothing after it is committed', async () => {
    await expect(
      withTenant(single, { orgId: b.organizationId }, async (_, __, end) => {
        await end.commitWith(agentsNamed('After the failure'));
        return end.commitWith(agentsNamed('After the failure'));
      }),
    ).rejects.toThrow('already been committed');
  });
});
