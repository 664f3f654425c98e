import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../src/database.ts';
import { PREPARED_PER_CONNECTION, statementName } from '../src/prepared-statements.ts';
import { withTenant } from '../src/tenant.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';
import { seedAgentAndTool, seedOrganization } from './fixtures.ts';

// Parameterized statements run prepared, by a name derived from their text, so that PostgreSQL plans them once
// per connection: observed through pg_prepared_statements on a pool of one connection.

let db: TestDatabase;
let b: Awaited<ReturnType<typeof seedOrganization>>;
let agentOfB: string;
/** One connection, so that every statement lands on the session that is inspected. */
let app: Database;
let owner: Database;

beforeAll(async () => {
  db = await createTestDatabase();
  b = await seedOrganization(db.owner, 'b');
  ({ agentId: agentOfB } = await seedAgentAndTool(db.owner, b.organizationId, b.userId));
  app = createDatabase({ url: db.urls.app, maxConnections: 1 });
  owner = createDatabase({ url: db.urls.owner, maxConnections: 1 });
});
afterAll(async () => {
  await Promise.all([app?.destroy(), owner?.destroy()]);
  await db.destroy();
});

interface PreparedRow {
  name: string;
  statement: string;
  runs: number;
}

/** The statements this one connection has prepared, and how often each ran. */
async function preparedOn(database: Database): Promise<PreparedRow[]> {
  const { rows } = await sql<PreparedRow>`select name, statement, (generic_plans + custom_plans)::int as runs
      from pg_prepared_statements`.execute(database);
  return rows;
}

const agentsNamed = (database: Database, name: string) =>
  database.selectFrom('agents').select(['id', 'name']).where('name', '=', name);

/** The n-th of many statements with texts of their own (`in ($1, …, $n)`, as lists of every length make). */
const nthStatement = (database: Database, n: number) =>
  database
    .selectFrom('agents')
    .select('id')
    .where(
      'name',
      'in',
      Array.from({ length: n }, () => 'Receptionist'),
    );

describe('prepared statements', () => {
  it('prepares a parameterized statement at its first run and runs it by name after that', async () => {
    const query = agentsNamed(owner, 'Receptionist');
    const name = statementName(query.compile().sql);
    for (let run = 0; run < 3; run += 1) {
      expect(await query.execute()).toEqual([{ id: agentOfB, name: 'Receptionist' }]);
    }
    expect(await preparedOn(owner)).toContainEqual({ name, statement: query.compile().sql, runs: 3 });
  });

  it('gives the same text the same name, and different texts different names', () => {
    const text = agentsNamed(owner, 'a').compile().sql;
    expect(statementName(text)).toBe(statementName(`${text}`));
    expect(statementName(text)).not.toBe(statementName(`${text} limit 1`));
    expect(statementName(text)).toMatch(/^sb_[0-9a-f]{32}$/);
  });

  it('prepares at most PREPARED_PER_CONNECTION statements on a connection, and runs the rest unnamed', async () => {
    const pool = createDatabase({ url: db.urls.owner, maxConnections: 1 });
    try {
      for (let limit = 1; limit <= PREPARED_PER_CONNECTION + 5; limit += 1) {
        expect(await nthStatement(pool, limit).execute()).toHaveLength(1);
      }
      expect(await preparedOn(pool)).toHaveLength(PREPARED_PER_CONNECTION);
    } finally {
      await pool.destroy();
    }
  });

  it('drops a connection whose prepared plan a migration made stale; the next one prepares anew', async () => {
    await sql`create table drifting (id integer primary key, label text)`.execute(owner);
    await sql`insert into drifting values (1, 'one')`.execute(owner);
    const read = async () => (await sql`select * from drifting where id = ${1}`.execute(owner)).rows;
    expect(await read()).toEqual([{ id: 1, label: 'one' }]);
    // Another session changes the table's columns under the prepared `select *`.
    await sql`alter table drifting add column note text`.execute(db.owner);
    await expect(read()).rejects.toThrow('cached plan must not change result type');
    expect(await read()).toEqual([{ id: 1, label: 'one', note: null }]);
  });
});

describe("a tenant transaction's first read", () => {
  it('is prepared on the connection at its first use, then executed by name after BEGIN, under RLS', async () => {
    const read = agentsNamed(app, 'Receptionist');
    const asB = () =>
      withTenant(app, { orgId: b.organizationId }, async (_, rows) => rows, { firstRead: read });
    expect(await asB()).toEqual([{ id: agentOfB, name: 'Receptionist' }]);
    expect(await asB()).toEqual([{ id: agentOfB, name: 'Receptionist' }]);
    const outsider = await withTenant(app, { orgId: null, userId: b.userId }, async (_, rows) => rows, {
      firstRead: read,
    });
    expect(outsider).toEqual([]);
    // Once run alone to prepare it (RLS showed it nothing then), then by name in each opening.
    expect(await preparedOn(app)).toContainEqual({
      name: statementName(read.compile().sql),
      statement: read.compile().sql,
      runs: 4,
    });
  });

  it('travels with literals on a connection that prepares no more statements', async () => {
    const pool = createDatabase({ url: db.urls.app, maxConnections: 1 });
    try {
      await withTenant(pool, { orgId: b.organizationId }, async (tx) => {
        for (let limit = 1; limit <= PREPARED_PER_CONNECTION; limit += 1) {
          await nthStatement(tx as unknown as Database, limit).execute();
        }
      });
      const rows = await withTenant(pool, { orgId: b.organizationId }, async (_, found) => found, {
        firstRead: agentsNamed(pool, "it's Receptionist"),
      });
      expect(rows).toEqual([]);
      const found = await withTenant(pool, { orgId: b.organizationId }, async (_, first) => first, {
        firstRead: agentsNamed(pool, 'Receptionist'),
      });
      expect(found).toEqual([{ id: agentOfB, name: 'Receptionist' }]);
      expect(await preparedOn(pool)).toHaveLength(PREPARED_PER_CONNECTION);
    } finally {
      await pool.destroy();
    }
  });
});
