import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';
import { seedAgentAndTool, seedOrganization } from './fixtures.ts';

// Found in the catalog, not listed by hand: a table added later with an organization_id is checked too.
let db: TestDatabase;
let tenantTables: string[];

/** Tables with an organization_id that are queues, not tenant data, and why that is safe. */
const SYSTEM_QUEUES: Record<string, string> = {
  email_outbox: 'the API may only insert into it; the sender serves every organization',
};

beforeAll(async () => {
  db = await createTestDatabase();
  const { rows } = await sql<{ tableName: string }>`
    select table_name from information_schema.columns
    where table_schema = 'public' and column_name = 'organization_id'
    order by table_name`.execute(db.owner);
  tenantTables = rows.map((row) => row.tableName).filter((table) => !(table in SYSTEM_QUEUES));
  const { organizationId, userId } = await seedOrganization(db.owner, 'a');
  await seedAgentAndTool(db.owner, organizationId, userId);
});
afterAll(() => db.destroy());

describe('every table with an organization_id', () => {
  it('includes the tables we know of', () => {
    expect(tenantTables).toEqual(
      expect.arrayContaining([
        'memberships',
        'invitations',
        'agents',
        'agent_versions',
        'tools',
        'tool_secrets',
      ]),
    );
  });

  it('forces row level security and has a policy for each command', async () => {
    const { rows } = await sql<{ relname: string; forced: boolean; commands: string[] }>`
      select c.relname, c.relrowsecurity and c.relforcerowsecurity as forced,
             array(select distinct p.polcmd::text from pg_policy p where p.polrelid = c.oid order by 1) as commands
      from pg_class c
      where c.relnamespace = 'public'::regnamespace and c.relname in (${sql.join(tenantTables)})`.execute(
      db.owner,
    );
    const byCommand = Object.fromEntries(rows.map((row) => [row.relname, row]));
    for (const table of tenantTables) {
      expect(byCommand[table], table).toMatchObject({ forced: true });
      // pg_policy.polcmd: r select, a insert, w update, d delete, * all
      const commands = byCommand[table]?.commands ?? [];
      expect(
        commands.includes('*') || ['a', 'd', 'r', 'w'].every((cmd) => commands.includes(cmd)),
        table,
      ).toBe(true);
    }
  });

  it('holds rows for the owner, and yields none to the service roles when no organization is set', async () => {
    const count = (connection: typeof db.app, table: string) =>
      sql<{ count: number }>`select count(*)::int as count from ${sql.table(table)}`
        .execute(connection)
        .then(({ rows }) => rows[0]?.count);
    for (const table of ['agents', 'agent_versions', 'tools', 'tool_secrets', 'tool_test_runs']) {
      expect(await count(db.owner, table), table).toBeGreaterThan(0);
    }
    for (const connection of [db.app, db.worker]) {
      for (const table of tenantTables) {
        // The app role may not read whole secret rows at all: refusing is as good as seeing nothing.
        const seen = await count(connection, table).catch(() => 0);
        expect(seen, table).toBe(0);
      }
    }
  });
});
