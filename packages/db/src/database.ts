import { CamelCasePlugin, type Dialect, Kysely, PostgresDialect } from 'kysely';
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
  return databaseOverDialect(new PostgresDialect({ pool }));
}

/** A typed Kysely instance over an existing dialect (and its pool), e.g. better-auth's own connection. */
export function databaseOverDialect(dialect: Dialect): Database {
  return new Kysely<DB>({
    dialect,
    // Column names become camelCase; the keys inside jsonb values (an argument called order_id) stay as stored.
    plugins: [new CamelCasePlugin({ maintainNestedObjectKeys: true })],
  });
}

declare const systemRole: unique symbol;

/**
 * A pool logged in as switchboard_system, the only kind of database withSystem takes: passing the tenant
 * pool is a type error here, and would see nothing in PostgreSQL anyway.
 */
export type SystemDatabase = Database & { readonly [systemRole]: true };

/** The small pool for cross-tenant work, on the system role's URL. */
export function createSystemDatabase({
  url,
  maxConnections = 3,
  applicationName,
}: CreateDatabaseOptions): SystemDatabase {
  return createDatabase({ url, maxConnections, applicationName }) as SystemDatabase;
}

/**
 * A bare dialect for better-auth on the auth role's URL (the only role that reads sessions, accounts and
 * verifications). better-auth maps its own snake_case column names and would be confused by the
 * CamelCasePlugin.
 */
export function createAuthDialect(url: string): PostgresDialect {
  return new PostgresDialect({
    pool: new pg.Pool({ connectionString: url, max: 5, application_name: 'auth' }),
  });
}
