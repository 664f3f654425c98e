import { randomUUID } from 'node:crypto';
import { appendLedgerEntry } from '@switchboard/core/billing/append-ledger-entry';
import { callPricePerMinute } from '@switchboard/core/billing/call-price';
import { createDatabase, type Database } from '@switchboard/db/database';
import { withSystem, withTenant } from '@switchboard/db/tenant';
import { createTestDatabase, type TestDatabase } from '@switchboard/db/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The ledger contract of docs/billing.md, on the real roles: idempotent by key, exact under concurrency,
// append-only for everyone, invisible across organizations.
let db: TestDatabase;
/** Enough connections for the appends to really run side by side. */
let workers: Database;

async function newOrganization(): Promise<string> {
  const id = randomUUID();
  await db.owner
    .insertInto('organizations')
    .values({ id, name: 'Ledger Co', slug: `ledger-${id}` })
    .execute();
  return id;
}

const asTenant = <T>(connection: Database, orgId: string, fn: Parameters<typeof withTenant<T>>[2]) =>
  withTenant(connection, { orgId }, fn);

async function ledgerSum(orgId: string): Promise<number> {
  const { sum } = await db.owner
    .selectFrom('creditLedger')
    .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('amountMillicredits'), eb.val('0')).as('sum'))
    .where('organizationId', '=', orgId)
    .executeTakeFirstOrThrow();
  return Number(sum);
}

async function cachedBalance(orgId: string): Promise<number> {
  const row = await db.owner
    .selectFrom('creditBalances')
    .select('balanceMillicredits')
    .where('organizationId', '=', orgId)
    .executeTakeFirst();
  return Number(row?.balanceMillicredits ?? 0);
}

beforeAll(async () => {
  db = await createTestDatabase();
  workers = createDatabase({ url: db.urls.worker, maxConnections: 10 });
});
afterAll(async () => {
  await workers.destroy();
  await db.destroy();
});

describe('appendLedgerEntry', () => {
  it('counts an idempotency key once: a retry changes nothing and says so', async () => {
    const orgId = await newOrganization();
    const entry = {
      organizationId: orgId,
      kind: 'manual_grant' as const,
      amountMillicredits: 5_000,
      idempotencyKey: `test:${orgId}:grant`,
    };
    const first = await asTenant(db.app, orgId, (tx) => appendLedgerEntry(tx, entry));
    const again = await asTenant(db.app, orgId, (tx) => appendLedgerEntry(tx, entry));
    expect(first).toEqual({ inserted: true, balanceMillicredits: 5_000 });
    expect(again).toEqual({ inserted: false, balanceMillicredits: 5_000 });
    expect(await ledgerSum(orgId)).toBe(5_000);
    const rows = await db.owner
      .selectFrom('creditLedger')
      .select('id')
      .where('organizationId', '=', orgId)
      .execute();
    expect(rows).toHaveLength(1);
  });

  it('keeps the balance equal to the ledger sum under 50 parallel appends on separate connections', async () => {
    const orgId = await newOrganization();
    await asTenant(db.app, orgId, (tx) =>
      appendLedgerEntry(tx, {
        organizationId: orgId,
        kind: 'trial',
        amountMillicredits: 100_000,
        idempotencyKey: `trial:${orgId}`,
      }),
    );
    // Each debit is sent twice, as a retrying worker would: 50 distinct debits, 100 attempts.
    const debits = Array.from({ length: 50 }, (_, tick) => ({
      organizationId: orgId,
      kind: 'usage' as const,
      amountMillicredits: -(tick + 1) * 7,
      idempotencyKey: `usage:${orgId}:${tick}`,
    }));
    const results = await Promise.all(
      [...debits, ...debits].map((debit) => asTenant(workers, orgId, (tx) => appendLedgerEntry(tx, debit))),
    );
    expect(results.filter((result) => result.inserted)).toHaveLength(50);
    const expected = 100_000 - debits.reduce((sum, debit) => sum - debit.amountMillicredits, 0);
    expect(await ledgerSum(orgId)).toBe(expected);
    expect(await cachedBalance(orgId)).toBe(expected);
  });

  it('refuses fractional amounts', async () => {
    const orgId = await newOrganization();
    await expect(
      asTenant(db.app, orgId, (tx) =>
        appendLedgerEntry(tx, {
          organizationId: orgId,
          kind: 'adjustment',
          amountMillicredits: 1.5,
          idempotencyKey: `test:${orgId}:fraction`,
        }),
      ),
    ).rejects.toThrow(/whole number/);
  });
});

describe('credit_ledger is append-only', () => {
  it('refuses UPDATE and DELETE to every service role, and to the owner', async () => {
    const orgId = await newOrganization();
    await asTenant(db.app, orgId, (tx) =>
      appendLedgerEntry(tx, {
        organizationId: orgId,
        kind: 'manual_grant',
        amountMillicredits: 1_000,
        idempotencyKey: `test:${orgId}:fixed`,
      }),
    );
    const tamper = [
      sql`update credit_ledger set amount_millicredits = 999999 where organization_id = ${orgId}`,
      sql`delete from credit_ledger where organization_id = ${orgId}`,
    ];
    for (const statement of tamper) {
      for (const connection of [db.app, workers]) {
        await expect(asTenant(connection, orgId, (tx) => statement.execute(tx))).rejects.toThrow(
          /permission denied/,
        );
      }
      await expect(
        withSystem(db.system, 'test: tamper with the ledger', (tx) => statement.execute(tx)),
      ).rejects.toThrow(/permission denied/);
      await expect(statement.execute(db.owner)).rejects.toThrow(/append-only/);
    }
    await expect(sql`truncate credit_ledger`.execute(db.owner)).rejects.toThrow(/append-only/);
    expect(await ledgerSum(orgId)).toBe(1_000);
  });

  it('lets no service role delete a balance', async () => {
    const orgId = await newOrganization();
    for (const connection of [db.app, workers]) {
      await expect(
        asTenant(connection, orgId, (tx) => sql`delete from credit_balances`.execute(tx)),
      ).rejects.toThrow(/permission denied/);
    }
  });
});

describe('tenancy', () => {
  it("shows another organization nothing of A's ledger or balance, and refuses writing into A", async () => {
    const a = await newOrganization();
    const b = await newOrganization();
    await asTenant(db.app, a, (tx) =>
      appendLedgerEntry(tx, {
        organizationId: a,
        kind: 'manual_grant',
        amountMillicredits: 42_000,
        idempotencyKey: `test:${a}:secret`,
      }),
    );
    for (const connection of [db.app, workers]) {
      const seen = await asTenant(connection, b, async (tx) => ({
        ledger: await tx.selectFrom('creditLedger').selectAll().execute(),
        balances: await tx.selectFrom('creditBalances').selectAll().execute(),
      }));
      expect(seen).toEqual({ ledger: [], balances: [] });
      await expect(
        asTenant(connection, b, (tx) =>
          appendLedgerEntry(tx, {
            organizationId: a,
            kind: 'manual_grant',
            amountMillicredits: 1,
            idempotencyKey: `test:${a}:from-b`,
          }),
        ),
      ).rejects.toThrow(/row-level security/);
    }
    expect(await cachedBalance(a)).toBe(42_000);
  });
});

describe('callPricePerMinute', () => {
  it('reads the seeded platform-wide price for every channel and model kind', async () => {
    const prices = await withTenant(db.worker, {}, async (tx) => ({
      webRealtime: await callPricePerMinute(tx, { channel: 'web', modelKind: 'realtime' }),
      phonePipeline: await callPricePerMinute(tx, { channel: 'phone', modelKind: 'pipeline' }),
      chatPipeline: await callPricePerMinute(tx, { channel: 'chat', modelKind: 'pipeline' }),
    }));
    expect(prices).toEqual({ webRealtime: 10_000, phonePipeline: 8_000, chatPipeline: 1_000 });
  });
});
