import { sql, type Transaction } from 'kysely';
import type { Database, SystemDatabase } from './database.ts';
import type { DB } from './schema.generated.ts';

export type Tx = Transaction<DB>;

/** Who a transaction acts for. RLS policies read these through tenancy.org_id() and tenancy.user_id(). */
export interface TenantContext {
  /** The organization whose rows are visible; omit for user-level work (own memberships only). */
  orgId?: string | null;
  userId?: string | null;
}

export interface TenantTransactionOptions {
  /** A tighter statement timeout for this transaction than the pool's, set in the same round trip. */
  statementTimeoutMs?: number | undefined;
}

/**
 * Runs `fn` in one transaction scoped to a tenant. Wrap a whole request, not each query: the wrapper
 * costs three round trips (BEGIN, set_config, COMMIT).
 */
export function withTenant<T>(
  db: Database,
  context: TenantContext,
  fn: (tx: Tx) => Promise<T>,
  { statementTimeoutMs }: TenantTransactionOptions = {},
): Promise<T> {
  return db.transaction().execute(async (tx) => {
    const timeout =
      statementTimeoutMs === undefined
        ? sql``
        : sql`, set_config('statement_timeout', ${String(statementTimeoutMs)}, true)`;
    await sql`select set_config('app.org_id', ${context.orgId ?? ''}, true),
                     set_config('app.user_id', ${context.userId ?? ''}, true)${timeout}`.execute(tx);
    return fn(tx);
  });
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
