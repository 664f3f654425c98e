import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.generated.ts';

export type Database = Kysely<DB>;

// timestamptz and bigint arrive as strings by default; we want Dates and (small, counter-sized) numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export interface CreateDatabaseOptions {
  url: string;
  maxConnections?: number;
  applicationName?: string;
}

/** A Kysely instance over its own pool. snake_case columns become camelCase properties here, and only here. */
export function createDatabase({
  url,
  maxConnections = 10,
  applicationName,
}: CreateDatabaseOptions): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: maxConnections,
    application_name: applicationName,
  });
  return new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    // Column names become camelCase; the keys inside jsonb values (an argument called order_id) stay as stored.
    plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true })],
  });
}

/**
 * A bare dialect for better-auth, which maps its own snake_case column names and would be confused by the
 * CamelCasePlugin.
 */
export function createAuthDialect(url: string): PostgresDialect {
  return new PostgresDialect({
    pool: new pg.Pool({ connectionString: url, max: 5, application_name: 'auth' }),
  });
}
