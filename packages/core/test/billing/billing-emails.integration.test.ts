import { randomUUID } from 'node:crypto';
import { appendLedgerEntry } from '@switchboard/core/billing/append-ledger-entry';
import { meterCall } from '@switchboard/core/billing/meter-call';
import { notifySubscriptionChange } from '@switchboard/core/billing/notify-subscription-change';
import { createDatabase, type Database } from '@switchboard/db/database';
import { withSystem, withTenant } from '@switchboard/db/tenant';
import { createTestDatabase, type TestDatabase } from '@switchboard/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The billing emails of docs/billing.md "Emails", on the real roles: queued in the transaction of the debit
// that crosses, once per crossing, to the members who manage billing and nobody else.
let db: TestDatabase;
let workers: Database;

beforeAll(async () => {
  db = await createTestDatabase();
  workers = createDatabase({ url: db.urls.worker, maxConnections: 6 });
});
afterAll(async () => {
  await workers.destroy();
  await db.destroy();
});

interface Org {
  id: string;
  /** Who should hear about billing: the org admin, the billing member, a custom role with billing:manage. */
  billing: string[];
  member: string;
}

async function addUser(orgId: string, role: string): Promise<string> {
  const email = `${role}-${randomUUID().slice(0, 8)}@example.test`;
  const user = await db.owner
    .insertInto('auth.users')
    .values({ name: role, email, emailVerified: true })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db.owner.insertInto('memberships').values({ organizationId: orgId, userId: user.id, role }).execute();
  return email;
}

/** An organization with a low-balance threshold of 100 credits and 500 credits to spend. */
async function newOrganization(): Promise<Org> {
  const id = randomUUID();
  await db.owner
    .insertInto('organizations')
    .values({ id, name: 'Mail & Co', slug: `mail-${id}`, lowBalanceThresholdMillicredits: 100_000 })
    .execute();
  const customRole = `payer_${id.slice(0, 8)}`;
  await db.owner
    .insertInto('roles')
    .values({ key: customRole, name: 'Payer', permissions: ['billing:read', 'billing:manage'] })
    .execute();
  const billing = [
    await addUser(id, 'org_admin'),
    await addUser(id, 'billing'),
    await addUser(id, customRole),
  ];
  const member = await addUser(id, 'member');
  await add(id, 500_000, 'manual_grant');
  return { id, billing: billing.sort(), member };
}

/** An entry as the worker tier writes usage (the worker role, in the organization's transaction). */
function add(orgId: string, amountMillicredits: number, kind: 'usage' | 'manual_grant' = 'usage') {
  return withTenant(workers, { orgId }, (tx) =>
    appendLedgerEntry(tx, { organizationId: orgId, kind, amountMillicredits, idempotencyKey: randomUUID() }),
  );
}

async function emails(orgId: string, template: string) {
  const rows = await db.owner
    .selectFrom('emailOutbox')
    .select(['toAddress', 'subject', 'textBody'])
    .where('organizationId', '=', orgId)
    .where('template', '=', template)
    .orderBy('toAddress')
    .execute();
  return rows;
}

describe('credits low', () => {
  it('emails each billing member once when a debit crosses the threshold, then not for debits below it', async () => {
    const org = await newOrganization();
    await add(org.id, -300_000); // 200 credits: still above
    expect(await emails(org.id, 'credits-low')).toEqual([]);

    await add(org.id, -150_000); // 50 credits: crosses 100
    const sent = await emails(org.id, 'credits-low');
    expect(sent.map((email) => email.toAddress)).toEqual(org.billing);
    expect(sent[0]?.textBody).toContain('50 credits left');
    expect(sent[0]?.textBody).toContain('threshold of 100 credits');

    await add(org.id, -10_000);
    await add(org.id, -10_000);
    expect(await emails(org.id, 'credits-low')).toHaveLength(3);
    expect((await emails(org.id, 'credits-low')).map((email) => email.toAddress)).not.toContain(org.member);
  });

  it('sends again after a grant lifts the balance above the threshold and a debit crosses it anew', async () => {
    const org = await newOrganization();
    await add(org.id, -450_000); // 50: first crossing
    await add(org.id, 100_000, 'manual_grant'); // 150: above again
    expect(await emails(org.id, 'credits-low')).toHaveLength(3);
    await add(org.id, -60_000); // 90: second crossing
    expect(await emails(org.id, 'credits-low')).toHaveLength(6);
  });

  it('sends one email per recipient when concurrent debits cross at the same moment', async () => {
    const org = await newOrganization();
    await add(org.id, -350_000); // 150
    await Promise.all(Array.from({ length: 10 }, () => add(org.id, -10_000))); // 50, crossing on one of them
    expect(await emails(org.id, 'credits-low')).toHaveLength(3);
  });

  it('sends nothing when a debit rolls back', async () => {
    const org = await newOrganization();
    await expect(
      withTenant(workers, { orgId: org.id }, async (tx) => {
        await appendLedgerEntry(tx, {
          organizationId: org.id,
          kind: 'usage',
          amountMillicredits: -450_000,
          idempotencyKey: randomUUID(),
        });
        throw new Error('the call write failed');
      }),
    ).rejects.toThrow('the call write failed');
    expect(await emails(org.id, 'credits-low')).toEqual([]);
    await add(org.id, -450_000);
    expect(await emails(org.id, 'credits-low')).toHaveLength(3);
  });
});

describe('a call debit that crosses', () => {
  it('queues the email in the metering transaction (meterCall), once', async () => {
    const org = await newOrganization();
    const agent = await db.owner
      .insertInto('agents')
      .values({ organizationId: org.id, name: 'Meter', currentVersion: 1 })
      .returning('id')
      .executeTakeFirstOrThrow();
    const callId = randomUUID();
    await db.owner
      .insertInto('calls')
      .values({
        id: callId,
        organizationId: org.id,
        agentId: agent.id,
        agentVersion: 1,
        channel: 'web',
        status: 'active',
        roomName: `meter-${callId}`,
      })
      .execute();
    // 100 credits a minute: 500 credits last 5 minutes; the threshold (100) is crossed between 230 and 250 s.
    const rate = { millicreditsPerMinute: 100_000, costCapMillicredits: null };
    const meter = (seconds: number) =>
      withTenant(workers, { orgId: org.id }, (tx) =>
        meterCall(tx, { organizationId: org.id, callId, seconds, rate }),
      );
    await meter(230);
    expect(await emails(org.id, 'credits-low')).toEqual([]);
    expect((await meter(250)).balanceMillicredits).toBe(83_333);
    expect(await emails(org.id, 'credits-low')).toHaveLength(3);
    await meter(250); // a replay: debits nothing, sends nothing
    await meter(260);
    expect(await emails(org.id, 'credits-low')).toHaveLength(3);
    expect((await meter(300)).balanceMillicredits).toBe(0);
    expect(await emails(org.id, 'credits-exhausted')).toHaveLength(3);
  });
});

describe('credits exhausted', () => {
  it('emails once when the balance reaches zero, not for debits past it, and again after a new crossing', async () => {
    const org = await newOrganization();
    await add(org.id, -500_000); // 0: falls through the threshold and zero at once
    expect(await emails(org.id, 'credits-low')).toEqual([]);
    const sent = await emails(org.id, 'credits-exhausted');
    expect(sent.map((email) => email.toAddress)).toEqual(org.billing);
    expect(sent[0]?.subject).toBe('Mail & Co is out of credits on Switchboard');

    await add(org.id, -5_000);
    await add(org.id, -5_000);
    expect(await emails(org.id, 'credits-exhausted')).toHaveLength(3);

    await add(org.id, 20_000, 'manual_grant'); // 10 credits: above zero, still below the threshold
    await add(org.id, -10_000); // 0 again
    expect(await emails(org.id, 'credits-exhausted')).toHaveLength(6);
    expect(await emails(org.id, 'credits-low')).toEqual([]);
  });

  it('is sent through the system door too (a platform adjustment)', async () => {
    const org = await newOrganization();
    await withSystem(db.system, 'test: adjustment', (tx) =>
      appendLedgerEntry(tx, {
        organizationId: org.id,
        kind: 'adjustment',
        amountMillicredits: -600_000,
        idempotencyKey: randomUUID(),
      }),
    );
    expect(await emails(org.id, 'credits-exhausted')).toHaveLength(3);
  });
});

describe('notifySubscriptionChange', () => {
  it('emails the billing members, not the members', async () => {
    const org = await newOrganization();
    const queued = await withSystem(db.system, 'test: stripe event', (tx) =>
      notifySubscriptionChange(tx, {
        organizationId: org.id,
        change: 'changed',
        planName: 'Scale',
        previousPlanName: 'Starter',
        creditsPerPeriod: 50_000,
        url: `http://localhost:3000/o/${org.id}/billing`,
      }),
    );
    expect(queued).toBe(3);
    const sent = await emails(org.id, 'subscription-changed');
    expect(sent.map((email) => email.toAddress)).toEqual(org.billing);
    expect(sent[0]?.textBody).toContain('moved from Starter to the Scale plan');
  });
});
