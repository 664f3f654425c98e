import { type Compilable, CompiledQuery, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Database, SystemDatabase } from './database.ts';
import { quoted, TransactionMessage } from './prepared-statements.ts';
import type { DB } from './schema.generated.ts';

export type Tx = Transaction<DB>;

/** The texts Kysely sees for a transaction's opening and closing; the pool's client writes the real ones. */
const OPENING = '/* tenant transaction opening */';
const CLOSING = '/* tenant transaction closing */';

/** Who a transaction acts for. RLS policies read these through tenancy.org_id() and tenancy.user_id(). */
export interface TenantContext {
  /** The organization whose rows are visible; omit for user-level work (own memberships only). */
  orgId?: string | null;
  userId?: string | null;
}

export interface TenantTransactionOptions<R = never> {
  /** A tighter statement timeout for this transaction than the pool's, set in the same round trip. */
  statementTimeoutMs?: number | undefined;
  /**
   * A read sent in the same round trip as BEGIN and the settings, and run after them, so RLS already sees the
   * tenant; its rows are `fn`'s second argument. It saves an organization request one round trip (its
   * membership check). Built with the query builder; run by name once the connection has prepared it, its
   * parameters written as quoted literals (packages/db/src/prepared-statements.ts).
   */
  firstRead?: Compilable<R> | undefined;
}

/** How `fn` may end its transaction itself. */
export interface TransactionEnd {
  /**
   * Runs `read` (a SELECT, built with the query builder) and commits, in one round trip: its rows. The
   * transaction has ended then: `fn` sends nothing more on it, and withTenant sends no COMMIT of its own.
   * For a read-only request whose last statement is a read, it saves a round trip (docs/performance.md).
   */
  commitWith<O>(read: Compilable<O>): Promise<O[]>;
}

/**
 * Runs `fn` in one transaction scoped to a tenant: the one way to open one (`callAsTenant` below is the
 * same for a single self-scoping database function). Wrap a whole request, not each
 * query. BEGIN and the tenant's settings travel in one round trip (a multi-statement simple query, so its
 * values are quoted literals rather than parameters), then `fn`'s queries, then COMMIT, which may travel
 * with the last read (`end.commitWith`): one round trip of overhead, or two. If `fn` or COMMIT fails, the
 * transaction is rolled back.
 */
export function withTenant<T, R = never>(
  db: Database,
  context: TenantContext,
  fn: (tx: Tx, firstRows: R[], end: TransactionEnd) => Promise<T>,
  { statementTimeoutMs, firstRead }: TenantTransactionOptions<R> = {},
): Promise<T> {
  const settings = [
    `set_config('app.org_id', ${quoted(context.orgId ?? '')}, true)`,
    `set_config('app.user_id', ${quoted(context.userId ?? '')}, true)`,
    ...(statementTimeoutMs === undefined
      ? []
      : [`set_config('statement_timeout', ${quoted(String(Math.trunc(statementTimeoutMs)))}, true)`]),
  ];
  const opening = new TransactionMessage(['begin', `select ${settings.join(', ')}`], firstRead?.compile());
  return db.connection().execute(async (connection) => {
    let result: T;
    let isCommitted = false;
    const end: TransactionEnd = {
      async commitWith<O>(read: Compilable<O>) {
        if (isCommitted) throw new Error('The transaction has already been committed');
        const closing = new TransactionMessage([], read.compile(), ['commit']);
        const { rows } = await connection.executeQuery<O>(CompiledQuery.raw(CLOSING, [closing]));
        isCommitted = true;
        return rows;
      },
    };
    try {
      // Written out on the connection's client, which knows what it has prepared, and answering the read's
      // rows (packages/db/src/database.ts).
      const { rows } = await connection.executeQuery<R>(CompiledQuery.raw(OPENING, [opening]));
      // A connection inside the transaction just opened: to `fn` it is the transaction (Kysely's own
      // Transaction would send BEGIN by itself, a round trip of its own).
      result = await fn(connection as unknown as Tx, firstRead ? rows : [], end);
      if (!isCommitted) await sql`commit`.execute(connection);
    } catch (error) {
      // A lost connection cannot roll back: the pool drops it, and PostgreSQL ends the transaction with it.
      await sql`rollback`.execute(connection).catch(() => {});
      throw error;
    }
    return result;
  });
}

/**
 * Database functions that scope their own transaction to the organization given as their first argument
 * (they call tenancy.enter_org first; migration 029). Only these may run through `callAsTenant`.
 */
export type SelfScopedFunction = 'debit_call';

/**
 * withTenant for a hot path that is one database function: `select * from <fn>(<orgId>, …args)`, sent
 * alone, is its own transaction, and the function scopes it to the organization itself — one round trip
 * where withTenant takes three (BEGIN with the settings, the statement, COMMIT). The organization is always
 * the function's first argument, so RLS sees the tenant the caller named; the function refuses to run for
 * another organization than an enclosing transaction's. Without a transaction of its own, the statement is
 * bounded by the pool's statement timeout. Answers the function's first row (undefined: none).
 */
export async function callAsTenant<R>(
  db: Database,
  context: { orgId: string },
  fn: SelfScopedFunction,
  args: readonly RawBuilder<unknown>[],
): Promise<R | undefined> {
  const { rows } = await sql<R>`select * from ${sql.id(fn)}(${sql.join([
    sql`${context.orgId}::uuid`,
    ...args,
  ])})`.execute(db);
  return rows[0];
}

/**
 * Runs `fn` in one transaction that sees every tenant. The single, grep-able door for cross-tenant work
 * (accepting an invitation by token, platform administration, webhooks); `reason` names why. It opens only
 * on the system role's own connection: tenancy.is_system() checks the connected role, so setting the
 * reason on a tenant connection opens nothing.
 */
export function withSystem<T>(db: SystemDatabase, reason: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (reason.trim() === '') throw new Error('withSystem needs a reason');
  return db.transaction().execute(async (tx) => {
    await sql`select set_config('app.system_reason', ${reason}, true)`.execute(tx);
    return fn(tx);
  });
}
