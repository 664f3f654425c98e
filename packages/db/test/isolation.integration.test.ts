import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withSystem, withTenant } from '../src/tenant.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';
import { seedOrganization } from './fixtures.ts';

const TENANT_TABLES = ['organizations', 'memberships', 'invitations'] as const;

let db: TestDatabase;
let a: Awaited<ReturnType<typeof seedOrganization>>;
let b: Awaited<ReturnType<typeof seedOrganization>>;

beforeAll(async () => {
  db = await createTestDatabase();
  a = await seedOrganization(db.owner, 'a');
  b = await seedOrganization(db.owner, 'b');
});
afterAll(() => db.destroy());

async function snapshotOf(organizationId: string) {
  return {
    organization: await db.owner
      .selectFrom('organizations')
      .selectAll()
      .where('id', '=', organizationId)
      .execute(),
    memberships: await db.owner
      .selectFrom('memberships')
      .selectAll()
      .where('organizationId', '=', organizationId)
      .execute(),
    invitations: await db.owner
      .selectFrom('invitations')
      .selectAll()
      .where('organizationId', '=', organizationId)
      .execute(),
  };
}

describe('the service roles', () => {
  it.each([
    ['app', () => db.app],
    ['worker', () => db.worker],
  ])('%s is neither superuser nor owner and does not bypass RLS', async (_name, connection) => {
    const { rows } = await sql<{ rolsuper: boolean; rolbypassrls: boolean; owns: number }>`
      select rolsuper, rolbypassrls,
             (select count(*)::int from pg_tables where tableowner = current_user) as owns
      from pg_roles where rolname = current_user`.execute(connection());
    expect(rows[0]).toEqual({ rolsuper: false, rolbypassrls: false, owns: 0 });
  });

  it('every tenant table forces row level security', async () => {
    const { rows } = await sql<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean }>`
      select relname, relrowsecurity, relforcerowsecurity from pg_class
      where relname in (${sql.join(TENANT_TABLES)}) and relnamespace = 'public'::regnamespace
      order by relname`.execute(db.owner);
    expect(rows).toHaveLength(TENANT_TABLES.length);
    for (const row of rows) expect(row).toMatchObject({ relrowsecurity: true, relforcerowsecurity: true });
  });
});

describe('connected as app with organization A set', () => {
  const asA = <T>(fn: Parameters<typeof withTenant<T>>[2]) =>
    withTenant(db.app, { orgId: a.organizationId }, fn);

  it('sees only A rows in every tenant table', async () => {
    await asA(async (tx) => {
      expect((await tx.selectFrom('organizations').select('id').execute()).map((r) => r.id)).toEqual([
        a.organizationId,
      ]);
      const memberships = await tx.selectFrom('memberships').select('organizationId').execute();
      expect(new Set(memberships.map((r) => r.organizationId))).toEqual(new Set([a.organizationId]));
      const invitations = await tx.selectFrom('invitations').select('organizationId').execute();
      expect(new Set(invitations.map((r) => r.organizationId))).toEqual(new Set([a.organizationId]));
    });
  });

  it('cannot insert rows into B', async () => {
    const before = await snapshotOf(b.organizationId);
    await expect(
      asA((tx) =>
        tx
          .insertInto('memberships')
          .values({ organizationId: b.organizationId, userId: a.userId, role: 'member' })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      asA((tx) =>
        tx
          .insertInto('invitations')
          .values({
            organizationId: b.organizationId,
            email: 'x@example.test',
            role: 'member',
            tokenHash: randomUUID(),
            expiresAt: new Date(),
          })
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    expect(await snapshotOf(b.organizationId)).toEqual(before);
  });

  it('cannot update or delete B rows, nor move A rows into B', async () => {
    const before = await snapshotOf(b.organizationId);
    await asA(async (tx) => {
      const renamed = await tx
        .updateTable('organizations')
        .set({ name: 'taken' })
        .where('id', '=', b.organizationId)
        .executeTakeFirst();
      expect(renamed.numUpdatedRows).toBe(0n);
      const promoted = await tx
        .updateTable('invitations')
        .set({ role: 'org_admin' })
        .where('organizationId', '=', b.organizationId)
        .executeTakeFirst();
      expect(promoted.numUpdatedRows).toBe(0n);
      const removed = await tx
        .deleteFrom('memberships')
        .where('organizationId', '=', b.organizationId)
        .executeTakeFirst();
      expect(removed.numDeletedRows).toBe(0n);
      const dropped = await tx
        .deleteFrom('organizations')
        .where('id', '=', b.organizationId)
        .executeTakeFirst();
      expect(dropped.numDeletedRows).toBe(0n);
    });
    await expect(
      asA((tx) =>
        tx
          .updateTable('invitations')
          .set({ organizationId: b.organizationId })
          .where('id', '=', a.invitationId)
          .execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    expect(await snapshotOf(b.organizationId)).toEqual(before);
  });
});

describe('without a tenant', () => {
  it.each(TENANT_TABLES)('%s yields nothing with no organization set', async (table) => {
    const rows = await withTenant(db.app, {}, (tx) => tx.selectFrom(table).selectAll().execute());
    expect(rows).toEqual([]);
    const outsideAnyTransaction = await db.app.selectFrom(table).selectAll().execute();
    expect(outsideAnyTransaction).toEqual([]);
  });

  it('a user sees their own memberships and organizations, and nothing else', async () => {
    await withTenant(db.app, { userId: a.userId }, async (tx) => {
      expect(
        (await tx.selectFrom('memberships').select('organizationId').execute()).map((r) => r.organizationId),
      ).toEqual([a.organizationId]);
      expect((await tx.selectFrom('organizations').select('id').execute()).map((r) => r.id)).toEqual([
        a.organizationId,
      ]);
      expect(await tx.selectFrom('invitations').selectAll().execute()).toEqual([]);
    });
  });

  it('the tenant setting does not outlive its transaction', async () => {
    await withTenant(db.app, { orgId: a.organizationId }, async () => {});
    expect(await db.app.selectFrom('organizations').selectAll().execute()).toEqual([]);
  });

  it('withSystem sees every tenant and needs a reason', async () => {
    const ids = await withSystem(db.app, 'test: cross-tenant read', (tx) =>
      tx.selectFrom('organizations').select('id').execute(),
    );
    expect(ids.map((r) => r.id).sort()).toEqual([a.organizationId, b.organizationId].sort());
    expect(() => withSystem(db.app, ' ', async () => {})).toThrow(/reason/);
  });
});

describe('grants', () => {
  it('the API role can add to the email outbox but not read it', async () => {
    await expect(db.app.selectFrom('emailOutbox').selectAll().execute()).rejects.toThrow(/permission denied/);
  });
});
