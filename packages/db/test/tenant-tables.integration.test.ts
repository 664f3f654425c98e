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

describe('references between tenant tables', () => {
  it('every foreign key from one tenant table to another includes organization_id on both sides', async () => {
    const { rows } = await sql<{
      child: string;
      parent: string;
      childColumns: string[];
      parentColumns: string[];
    }>`
      select con.conrelid::regclass::text as child, con.confrelid::regclass::text as parent,
             array(select attname::text from unnest(con.conkey) with ordinality k(num, ord)
                   join pg_attribute on attrelid = con.conrelid and attnum = k.num order by k.ord) as "childColumns",
             array(select attname::text from unnest(con.confkey) with ordinality k(num, ord)
                   join pg_attribute on attrelid = con.confrelid and attnum = k.num order by k.ord) as "parentColumns"
      from pg_constraint con
      where con.contype = 'f'
        and con.conrelid::regclass::text in (${sql.join(tenantTables)})
        and con.confrelid::regclass::text in (${sql.join(tenantTables)})`.execute(db.owner);
    expect(rows.map((row) => `${row.child} → ${row.parent}`)).toEqual(
      expect.arrayContaining(['agent_versions → agents', 'tool_secrets → tools', 'calls → agents']),
    );
    for (const row of rows) {
      const where = `${row.child}(${row.childColumns}) → ${row.parent}(${row.parentColumns})`;
      expect(row.childColumns.indexOf('organization_id'), where).toBe(
        row.parentColumns.indexOf('organization_id'),
      );
      expect(row.childColumns, where).toContain('organization_id');
    }
  });

  it("refuses a row of one organization pointing at another's agent, tool or call, even from the owner", async () => {
    const a = await seedOrganization(db.owner, 'fk-a');
    const b = await seedOrganization(db.owner, 'fk-b');
    const { agentId, toolId } = await seedAgentAndTool(db.owner, b.organizationId, b.userId);
    const { id: callId } = await db.owner
      .insertInto('calls')
      .values({
        organizationId: b.organizationId,
        agentId,
        agentVersion: 1,
        channel: 'web',
        roomName: `room-${b.organizationId}`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const organizationId = a.organizationId;
    const attempts = [
      db.owner
        .insertInto('agentVersions')
        .values({ organizationId, agentId, version: 2, config: JSON.stringify({}) }),
      db.owner.insertInto('toolSecrets').values({ organizationId, toolId, name: 'stolen', ciphertext: 'x' }),
      db.owner
        .insertInto('toolTestRuns')
        .values({ organizationId, toolId, functionName: 'lookup', arguments: JSON.stringify({}) }),
      db.owner.insertInto('calls').values({
        organizationId,
        agentId,
        agentVersion: 1,
        channel: 'web',
        roomName: `room-${organizationId}`,
      }),
      db.owner
        .insertInto('callTranscriptItems')
        .values({ organizationId, callId, seq: 1, role: 'user', text: 'hello' }),
      db.owner.insertInto('callToolCalls').values({
        organizationId,
        callId,
        toolCallId: 't1',
        functionName: 'lookup',
        arguments: JSON.stringify({}),
        startedAt: new Date(),
      }),
    ];
    for (const attempt of attempts) {
      await expect(attempt.execute(), attempt.compile().sql).rejects.toThrow(
        /violates foreign key constraint/,
      );
    }
    // Moving a child row to another organization is refused the same way.
    await expect(
      db.owner.updateTable('toolTestRuns').set({ organizationId }).where('toolId', '=', toolId).execute(),
    ).rejects.toThrow(/violates foreign key constraint/);
  });
});
