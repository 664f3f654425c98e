import { observePool } from '@switchboard/telemetry/metrics';
import { traceQuery } from '@switchboard/telemetry/query-telemetry';
import { CamelCasePlugin, type Dialect, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { isStalePlan, runPrepared, TransactionMessage } from './prepared-statements.ts';
import type { DB } from './schema.generated.ts';

export type Database = Kysely<DB>;

// timestamptz and bigint arrive as strings by default; we want Dates and (small, counter-sized) numbers.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/**
 * How long a pool waits on PostgreSQL before it gives up, so that a database that is down or stalled
 * answers in bounded time (503) instead of hanging requests. Milliseconds.
 */
export interface DatabaseTimeouts {
  /** Opening a connection (also waiting for a free one in a full pool). */
  connectMs: number;
  /** One statement, enforced by the server (SQLSTATE 57014). */
  statementMs: number;
  /** A transaction left open without a statement; the server ends the session. */
  idleInTransactionMs: number;
}

export const DEFAULT_DATABASE_TIMEOUTS: DatabaseTimeouts = {
  connectMs: 5_000,
  statementMs: 15_000,
  idleInTransactionMs: 30_000,
};

/** The pools' bounds from a process's parsed environment (DATABASE_*_TIMEOUT_MS; `.env.example`). */
export function databaseTimeoutsOf(env: {
  DATABASE_CONNECT_TIMEOUT_MS: number;
  DATABASE_STATEMENT_TIMEOUT_MS: number;
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: number;
}): DatabaseTimeouts {
  return {
    connectMs: env.DATABASE_CONNECT_TIMEOUT_MS,
    statementMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    idleInTransactionMs: env.DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
  };
}

export interface PoolLogger {
  warn(message: string): void;
}

export interface CreatePoolOptions {
  url: string;
  maxConnections: number;
  applicationName?: string | undefined;
  timeouts?: Partial<DatabaseTimeouts> | undefined;
  /** Where a lost connection is reported (default: stderr). */
  logger?: PoolLogger | undefined;
}

/**
 * The one place a pool is made: with timeouts, and with the error listeners without which a connection
 * PostgreSQL terminates (restart, failover, pg_terminate_backend) ends the process. A lost connection is
 * logged once per outage, never thrown; the pool opens new connections on the next use.
 */
export function createPool({
  url,
  maxConnections,
  applicationName,
  timeouts,
  logger = { warn: (message) => console.error(`warning: ${message}`) },
}: CreatePoolOptions): pg.Pool {
  const limits = { ...DEFAULT_DATABASE_TIMEOUTS, ...timeouts };
  const pool = new pg.Pool({
    connectionString: url,
    max: maxConnections,
    application_name: applicationName,
    connectionTimeoutMillis: limits.connectMs,
    statement_timeout: limits.statementMs,
    idle_in_transaction_session_timeout: limits.idleInTransactionMs,
    // Past statement_timeout (plus a connection's worth of slack) the server itself is not answering
    // (paused, network gone): the client gives up too, and drops that connection.
    query_timeout: limits.statementMs + limits.connectMs,
  });
  const name = applicationName ?? 'database';
  let isReported = false;
  const report = (error: Error) => {
    if (isReported) return;
    isReported = true;
    logger.warn(`${name}: lost a database connection (${error.message}); new ones open on the next use`);
  };
  // Idle clients: pg-pool has already removed the client; the listener only keeps the error from being thrown.
  pool.on('error', report);
  observePool(name, pool);
  pool.on('connect', (client) => {
    isReported = false;
    // A checked-out client (inside a transaction) errors on its own emitter; its next query fails anyway.
    client.on('error', report);
    adjustQuery(client);
  });
  return pool;
}

/**
 * Adjustments to a pooled client's `query`, made once per connection:
 * - A parameterized statement runs prepared, by a name derived from its text, and a tenant transaction's
 *   opening is written out for this connection (`prepared-statements.ts`).
 * - pg's query_timeout rejects the query but leaves it in flight, and the pool would hand that busy
 *   connection out again: every later query would wait behind it. Ending the client drops the socket, and
 *   the pool discards an ended client when it is released. The same for a prepared statement whose plan a
 *   migration made stale.
 * - A multi-statement query (a tenant transaction's opening or closing) answers pg's array of results, which
 *   Kysely cannot read: it answers the read's result instead (without a read, the last statement's).
 * - Each statement it sends is a span, with the text actually sent, only inside a sampled trace
 *   (`traceQuery`): an unsampled request pays one look at its active span per statement.
 */
function adjustQuery(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const run = (config: pg.QueryConfig) =>
    traceQuery(config.text, client, () => query(config) as Promise<pg.QueryResult>);
  // Without parameters, the text alone: pg copies a config object, descriptor by descriptor, at every query.
  const runText = (text: string) => traceQuery(text, client, () => query(text) as Promise<pg.QueryResult>);
  // `query(text, values?)`, as Kysely calls it; any other form (a callback, a query object, a cursor) is pg's own.
  const send = async (text: string, values: unknown[] | undefined): Promise<unknown> => {
    const [first] = values ?? [];
    if (first instanceof TransactionMessage) {
      return first.answerOf(await runText(await first.textOn(client, run)));
    }
    return values && values.length > 0 ? runPrepared(client, run, text, values) : runText(text);
  };
  client.query = ((...args: unknown[]) => {
    const [text, values] = args;
    const result =
      typeof text === 'string' && args.length <= 2 && (values === undefined || Array.isArray(values))
        ? send(text, values as unknown[] | undefined)
        : query(...args);
    if (!(result instanceof Promise)) return result;
    result.catch((error: unknown) => {
      const isTimeout = error instanceof Error && error.message === 'Query read timeout';
      if (isTimeout || isStalePlan(error)) void client.end().catch(() => {});
    });
    return result.then((answer: unknown) => (Array.isArray(answer) ? answer.at(-1) : answer));
  }) as typeof client.query;
}

export interface CreateDatabaseOptions {
  url: string;
  maxConnections?: number;
  applicationName?: string;
  timeouts?: Partial<DatabaseTimeouts> | undefined;
  logger?: PoolLogger | undefined;
}

/** A Kysely instance over its own pool. snake_case columns become camelCase properties here, and only here. */
export function createDatabase({ maxConnections = 10, ...options }: CreateDatabaseOptions): Database {
  return databaseOverDialect(new PostgresDialect({ pool: createPool({ maxConnections, ...options }) }));
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
  maxConnections = 3,
  ...options
}: CreateDatabaseOptions): SystemDatabase {
  return createDatabase({ maxConnections, ...options }) as SystemDatabase;
}

/**
 * A bare dialect for better-auth on the auth role's URL (the only role that reads sessions, accounts and
 * verifications). better-auth maps its own snake_case column names and would be confused by the
 * CamelCasePlugin.
 */
export function createAuthDialect(
  url: string,
  options: Pick<CreatePoolOptions, 'timeouts' | 'logger'> = {},
): PostgresDialect {
  return new PostgresDialect({
    pool: createPool({ url, maxConnections: 5, applicationName: 'auth', ...options }),
  });
}
