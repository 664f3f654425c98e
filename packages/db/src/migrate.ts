import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runMigrations as installJobQueue } from 'graphile-worker';
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import { APP_ROLE, AUTH_ROLE, type RolePasswords, SYSTEM_ROLE, WORKER_ROLE } from './connections.ts';

export const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../migrations');

export interface MigrateOptions {
  ownerUrl: string;
  /** When given, the service roles get LOGIN with these passwords. */
  rolePasswords?: RolePasswords;
  log?: (line: string) => void;
}

/**
 * Brings a database to the current schema: graphile-worker's own schema first (migration 001 wraps its
 * add_job), then our forward-only SQL files in order, each recorded in `public.pgmigrations`.
 */
export async function migrate({ ownerUrl, rolePasswords, log = () => {} }: MigrateOptions): Promise<void> {
  await installJobQueue({ connectionString: ownerUrl, logger: undefined });
  const applied = await runner({
    databaseUrl: ownerUrl,
    dir: MIGRATIONS_DIR,
    direction: 'up',
    migrationsTable: 'pgmigrations',
    checkOrder: true,
    singleTransaction: true,
    log: () => {},
    logger: { debug: () => {}, info: () => {}, warn: log, error: log },
  });
  for (const migration of applied) log(`applied migration ${migration.name}`);
  if (rolePasswords) await setRolePasswords(ownerUrl, rolePasswords);
}

async function setRolePasswords(ownerUrl: string, passwords: RolePasswords): Promise<void> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    for (const [role, password] of [
      [APP_ROLE, passwords.app],
      [WORKER_ROLE, passwords.worker],
      [SYSTEM_ROLE, passwords.system],
      [AUTH_ROLE, passwords.auth],
    ] as const) {
      // ALTER ROLE takes no bind parameters; quote the literal on the server.
      const { rows } = await client.query<{ literal: string }>('select quote_literal($1) as literal', [
        password,
      ]);
      await client.query(`alter role ${role} login password ${rows[0]!.literal}`);
    }
  } finally {
    await client.end();
  }
}
