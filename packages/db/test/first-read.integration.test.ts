import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTenant } from '../src/tenant.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';
import { seedAgentAndTool, seedOrganization } from './fixtures.ts';

// withTenant's first read travels in the round trip that opens the transaction, its parameters written in as
// literals: it must run as the tenant (after the settings), and no value may change the statement it is in.

let db: TestDatabase;
let a: Awaited<ReturnType<typeof seedOrganization>>;
let b: Awaited<ReturnType<typeof seedOrganization>>;
let agentOfB: string;

beforeAll(async () => {
  db = await createTestDatabase();
  a = await seedOrganization(db.owner, 'a');
  b = await seedOrganization(db.owner, 'b');
  ({ agentId: agentOfB } = await seedAgentAndTool(db.owner, b.organizationId, b.userId));
});
afterAll(async () => {
  await db.destroy();
});

const agentsNamed = (name: string) =>
  db.app.selectFrom('agents').select(['id', 'name']).where('name', '=', name);

describe('a first read', () => {
  it('runs under RLS as the tenant the transaction is for, and hands its rows to the work', async () => {
    const asB = await withTenant(db.app, { orgId: b.organizationId }, async (_, rows) => rows, {
      firstRead: agentsNamed('Receptionist'),
    });
    expect(asB).toEqual([{ id: agentOfB, name: 'Receptionist' }]);
    const asA = await withTenant(db.app, { orgId: a.organizationId }, async (_, rows) => rows, {
      firstRead: agentsNamed('Receptionist'),
    });
    expect(asA).toEqual([]);
  });

  it('keeps the transaction for the work after it, scoped the same way', async () => {
    const seen = await withTenant(
      db.app,
      { orgId: b.organizationId },
      async (tx) =>
        (await sql<{ org: string }>`select tenancy.org_id()::text as org`.execute(tx)).rows[0]?.org,
      { firstRead: agentsNamed('Receptionist') },
    );
    expect(seen).toBe(b.organizationId);
  });

  it.each([
    "it's",
    "x'; select set_config('app.org_id', '00000000-0000-0000-0000-000000000000', true); --",
    'back\\slash',
    '$1 and $$',
  ])('treats %j as a value, never as SQL', async (name) => {
    const rows = await withTenant(db.app, { orgId: b.organizationId }, async (_, found) => found, {
      firstRead: agentsNamed(name),
    });
    expect(rows).toEqual([]);
  });

  it('writes integers in, negative ones parenthesized', async () => {
    const rows = await withTenant(db.app, { orgId: b.organizationId }, async (_, found) => found, {
      firstRead: db.app
        .selectFrom('agentVersions')
        .select('version')
        .where('agentId', '=', agentOfB)
        .where((eb) => eb(eb('version', '-', -1), '=', 2)),
    });
    expect(rows).toEqual([{ version: 1 }]);
  });

  it('refuses, before anything is sent, SQL with literals of its own and values neither text nor integers', () => {
    // A programming error, like a NUL in the tenant's settings: thrown at once rather than sent.
    const run = (firstRead: Parameters<typeof withTenant>[3]) =>
      withTenant(db.app, { orgId: b.organizationId }, async () => null, firstRead);
    expect(() =>
      run({ firstRead: db.app.selectFrom('agents').select(sql<string>`'literal'`.as('x')) }),
    ).toThrow('literals of its own');
    expect(() =>
      run({ firstRead: db.app.selectFrom('agents').select('id').where('createdAt', '<', new Date()) }),
    ).toThrow('neither text nor an integer');
  });
});
