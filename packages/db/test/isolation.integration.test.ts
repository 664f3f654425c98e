import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../src/database.ts';
import { withSystem, withTenant } from '../src/tenant.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';
import { seedAgentAndTool, seedOrganization } from './fixtures.ts';

const TENANT_TABLES = ['organizations', 'memberships', 'invitations'] as const;

let db: TestDatabase;
/** Connected as switchboard_auth, like better-auth's own pool. */
let auth: Database;
let a: Awaited<ReturnType<typeof seedOrganization>>;
let b: Awaited<ReturnType<typeof seedOrganization>>;

beforeAll(async () => {
  db = await createTestDatabase();
  auth = createDatabase({ url: db.urls.auth, maxConnections: 1 });
  a = await seedOrganization(db.owner, 'a');
  b = await seedOrganization(db.owner, 'b');
  const { agentId } = await seedAgentAndTool(db.owner, b.organizationId, b.userId);
  await seedCall(b.organizationId, agentId);
});
afterAll(async () => {
  await auth.destroy();
  await db.destroy();
});

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

/** A call with a transcript line and a tool call, so the calls tables have rows to leak. */
async function seedCall(organizationId: string, agentId: string) {
  const { id: callId } = await db.owner
    .insertInto('calls')
    .values({ organizationId, agentId, agentVersion: 1, channel: 'web', roomName: `room-${randomUUID()}` })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.owner
    .insertInto('callTranscriptItems')
    .values({ organizationId, callId, seq: 1, role: 'user', text: 'hello' })
    .execute();
  await db.owner
    .insertInto('callToolCalls')
    .values({
      organizationId,
      callId,
      toolCallId: 't1',
      functionName: 'lookup',
      arguments: JSON.stringify({}),
      startedAt: new Date(),
    })
    .execute();
}

describe('the service roles', () => {
  it.each([
    ['app', () => db.app],
    ['worker', () => db.worker],
    ['system', () => db.system],
    ['auth', () => auth],
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
});

describe('the system door', () => {
  /** Every table with row-level security, found in the catalog: a policy added later is checked too. */
  async function rlsTables(): Promise<string[]> {
    const { rows } = await sql<{ relname: string }>`
      select relname from pg_class
      where relnamespace = 'public'::regnamespace and relkind = 'r' and relrowsecurity
      order by relname`.execute(db.owner);
    return rows.map((row) => row.relname);
  }

  /** What `connection` sees of organization B in `table` after trying to open the system door itself. */
  async function seenOfB(connection: typeof db.app, table: string, tenant: string | null) {
    return connection.transaction().execute(async (tx) => {
      await sql`select set_config('app.system_reason', 'trying the door', true),
                       set_config('app.org_id', ${tenant ?? ''}, true)`.execute(tx);
      const { rows } = await sql<{ count: number }>`
        select count(*)::int as count from ${sql.table(table)}
        where ${sql.ref(table === 'organizations' ? 'id' : 'organization_id')} = ${b.organizationId}`.execute(
        tx,
      );
      return rows[0]!.count;
    });
  }

  it.each([
    ['app', () => db.app],
    ['worker', () => db.worker],
  ])(
    'setting app.system_reason on the %s connection shows nothing of another tenant',
    async (_name, connection) => {
      const tables = await rlsTables();
      expect(tables).toEqual(
        expect.arrayContaining(['organizations', 'memberships', 'invitations', 'calls', 'call_tool_calls']),
      );
      // B's rows exist, and the owner sees them.
      expect(await seenOfB(db.owner, 'calls', null)).toBe(1);
      for (const table of tables) {
        for (const tenant of [null, a.organizationId]) {
          // A table the role may not read at all is as closed as an empty one.
          const seen = await seenOfB(connection(), table, tenant).catch((error: Error) => {
            expect(error.message).toMatch(/permission denied/);
            return 0;
          });
          expect(seen, `${table} (tenant ${tenant ?? 'none'})`).toBe(0);
        }
      }
    },
  );

  it.each([
    ['app', () => db.app],
    ['worker', () => db.worker],
  ])('the %s connection cannot become the system role', async (_name, connection) => {
    await expect(sql`set role switchboard_system`.execute(connection())).rejects.toThrow(
      /permission denied to set role/,
    );
    await expect(sql`set session authorization switchboard_system`.execute(connection())).rejects.toThrow(
      /permission denied/,
    );
    const { rows } = await sql<{ member: boolean }>`
      select pg_has_role(current_user, 'switchboard_system', 'member') as member`.execute(connection());
    expect(rows[0]!.member).toBe(false);
  });

  it('withSystem on the system role sees every tenant and needs a reason', async () => {
    const ids = await withSystem(db.system, 'test: cross-tenant read', (tx) =>
      tx.selectFrom('organizations').select('id').execute(),
    );
    expect(ids.map((r) => r.id).sort()).toEqual([a.organizationId, b.organizationId].sort());
    const calls = await withSystem(db.system, 'test: cross-tenant read', (tx) =>
      tx.selectFrom('calls').select('organizationId').execute(),
    );
    expect(calls).toEqual([{ organizationId: b.organizationId }]);
    expect(() => withSystem(db.system, ' ', async () => {})).toThrow(/reason/);
  });

  it('the system role outside withSystem sees no tenant', async () => {
    expect(await db.system.selectFrom('organizations').select('id').execute()).toEqual([]);
  });

  it('the system role reads no agent, tool or tool secret, even inside withSystem', async () => {
    for (const table of ['agents', 'agent_versions', 'tools', 'tool_secrets', 'tool_test_runs'] as const) {
      await expect(
        withSystem(db.system, 'test: reach for tenant data', (tx) =>
          sql`select 1 from ${sql.table(table)}`.execute(tx),
        ),
        table,
      ).rejects.toThrow(/permission denied/);
    }
  });
});

describe('grants', () => {
  it('the API role can add agent versions but never change or remove one', async () => {
    await expect(db.app.updateTable('agentVersions').set({ config: {} }).execute()).rejects.toThrow(
      /permission denied/,
    );
    await expect(db.app.deleteFrom('agentVersions').execute()).rejects.toThrow(/permission denied/);
  });

  it('the API role can add to the email outbox but not read it', async () => {
    await expect(db.app.selectFrom('emailOutbox').selectAll().execute()).rejects.toThrow(/permission denied/);
  });

  it.each([
    ['app', () => db.app],
    ['worker', () => db.worker],
  ])(
    'the %s role reads no password hash, session, OAuth token or verification value',
    async (_name, connection) => {
      for (const [table, column] of [
        ['auth.accounts', 'password'],
        ['auth.accounts', 'access_token'],
        ['auth.accounts', 'refresh_token'],
        ['auth.sessions', 'token'],
        ['auth.verifications', 'value'],
        ['auth.verifications', 'identifier'],
        ['auth.rate_limits', 'key'],
      ] as const) {
        await expect(
          sql`select ${sql.ref(column)} from ${sql.table(table)}`.execute(connection()),
          `${table}.${column}`,
        ).rejects.toThrow(/permission denied/);
      }
      // Only the user columns the API shows (member lists, inviters, version authors).
      const users = await connection().selectFrom('auth.users').select(['id', 'name', 'email']).execute();
      expect(users.length).toBeGreaterThan(0);
      await expect(
        connection().updateTable('auth.users').set({ isPlatformAdmin: true }).execute(),
      ).rejects.toThrow(/permission denied/);
    },
  );

  it('the auth role reads its own tables and nothing of the tenants', async () => {
    await sql`select password from auth.accounts`.execute(auth);
    await sql`select token from auth.sessions`.execute(auth);
    await sql`select value from auth.verifications`.execute(auth);
    for (const table of ['organizations', 'memberships', 'tools', 'tool_secrets', 'email_outbox']) {
      await expect(sql`select 1 from ${sql.table(table)}`.execute(auth), table).rejects.toThrow(
        /permission denied/,
      );
    }
  });

  it('custom roles change only through the system door', async () => {
    await expect(
      db.app
        .updateTable('roles')
        .set({ permissions: ['members:manage'] })
        .where('key', '=', 'member')
        .execute(),
    ).rejects.toThrow(/permission denied/);
  });
});
