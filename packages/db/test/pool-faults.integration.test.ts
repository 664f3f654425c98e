import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../src/database.ts';
import { type FaultCluster, startFaultCluster } from '../src/test-cluster.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing.ts';

// Connections are terminated here: on a cluster of this file's own, never the shared one.
let cluster: FaultCluster;
let db: TestDatabase;
beforeAll(async () => {
  cluster = await startFaultCluster();
  db = await createTestDatabase({ serverUrl: cluster.serverUrl });
});
afterAll(async () => {
  await db?.destroy();
  await cluster?.destroy();
});

describe('a pool whose connections PostgreSQL terminates', () => {
  it('reports the loss once, without the URL, and serves the next query on a new connection', async () => {
    const warnings: string[] = [];
    const pool = createPool({
      url: db.urls.app,
      maxConnections: 3,
      applicationName: 'pool-faults',
      logger: { warn: (message) => warnings.push(message) },
    });
    try {
      // Three connections at once, all idle in the pool afterwards.
      const clients = await Promise.all([pool.connect(), pool.connect(), pool.connect()]);
      for (const client of clients) client.release();
      expect(pool.idleCount).toBe(3);

      const admin = new pg.Client({ connectionString: cluster.serverUrl });
      await admin.connect();
      await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'pool-faults'`,
      );
      await admin.end();
      // pg-pool drops each idle client as its error arrives.
      for (let attempt = 0; attempt < 100 && pool.idleCount > 0; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(pool.idleCount).toBe(0);

      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('pool-faults: lost a database connection');
      expect(warnings[0]).not.toContain(new URL(db.urls.app).password);
      const { rows } = await pool.query<{ one: number }>('select 1 as one');
      expect(rows).toEqual([{ one: 1 }]);
    } finally {
      await pool.end();
    }
  });
});
