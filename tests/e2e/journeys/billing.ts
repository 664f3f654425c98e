import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { linkFromMailbox, linkFromTerminal } from '../browser.ts';
import { e2e, newPage, PASSWORD, SCREENSHOTS, signUp } from '../context.ts';

// Metering on, as `npm start` runs by default; the platform is in Stripe mode (journeys.e2e.ts), which keeps
// trial credits and a platform admin's manual grants.
describe('credits are granted, spent, seen and capped', { concurrency: false }, () => {
  let owner: Page;
  let platformAdmin: Page;
  let orgUrl: string;

  test('an org admin signs up, creates an organization and finds its trial credits', async () => {
    owner = await newPage();
    await owner.goto(`${e2e.platform.url}/sign-up`);
    await signUp(owner, 'Olga Owner', 'olga@example.com');
    await owner.getByRole('heading', { name: 'Verify your email' }).waitFor();
    await owner.goto(
      await linkFromTerminal(e2e.platform.output, 'olga@example.com', 'Verify your email address'),
    );
    await owner.getByLabel('Organization name').fill('Billing Co');
    await owner.getByRole('button', { name: 'Create organization' }).click();
    await owner.getByRole('heading', { name: 'Billing Co' }).waitFor();
    orgUrl = owner.url();
    await owner.getByTestId('balance').filter({ hasText: '100 credits' }).waitFor();

    await owner
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Billing', exact: true })
      .click();
    await owner.getByRole('heading', { name: 'Billing', exact: true }).waitFor();
    await owner.getByText('Stripe', { exact: true }).waitFor();
    await owner.getByText('Metering on').waitFor();
    await owner
      .getByRole('table', { name: 'Ledger' })
      .getByRole('cell', { name: 'Trial', exact: true })
      .waitFor();
  });

  test('a platform admin grants credits to the organization, with a reason', async () => {
    // Ada, the installation's first user (team journey), is its platform admin.
    platformAdmin = await newPage();
    await platformAdmin.goto(`${e2e.platform.url}/sign-in`);
    await platformAdmin.getByLabel('Email').fill('ada@example.com');
    await platformAdmin.getByLabel('Password').fill(PASSWORD);
    await platformAdmin.getByRole('button', { name: 'Sign in' }).click();
    await platformAdmin.getByRole('link', { name: 'Organizations' }).click();
    await platformAdmin.getByRole('link', { name: 'Billing Co' }).click();
    await platformAdmin.getByRole('heading', { name: 'Billing Co' }).waitFor();

    // The reason is required: the form says so next to the field.
    await platformAdmin.getByLabel('Credits').fill('250');
    await platformAdmin.getByRole('button', { name: 'Grant credits' }).click();
    await platformAdmin.getByText('Say why, for the ledger.').waitFor();

    await platformAdmin.getByLabel('Reason').fill('Pilot agreement');
    await platformAdmin.getByRole('button', { name: 'Grant credits' }).click();
    await platformAdmin.getByText('Granted 250 credits. Balance: 350').waitFor();
    await platformAdmin.getByRole('table', { name: 'Ledger' }).getByText('Pilot agreement').waitFor();
    await platformAdmin.screenshot({ path: `${SCREENSHOTS}/admin-grant-credits.png`, fullPage: true });
  });

  test('the platform admin edits a call price', async () => {
    await platformAdmin.getByRole('link', { name: 'Call prices' }).click();
    const webPipeline = platformAdmin.getByLabel('Web pipeline credits per minute');
    assert.equal(await webPipeline.inputValue(), '6');
    await webPipeline.fill('6.5');
    await platformAdmin.getByRole('button', { name: 'Save prices' }).click();
    await platformAdmin.getByText('Prices saved').waitFor();
    await platformAdmin.reload();
    assert.equal(await platformAdmin.getByLabel('Web pipeline credits per minute').inputValue(), '6.5');
    await platformAdmin.screenshot({ path: `${SCREENSHOTS}/admin-call-prices.png`, fullPage: true });
  });

  test('calls of an agent spend credits, shown per day and per agent', async () => {
    await owner.goto(`${orgUrl}/agents`);
    await owner.getByRole('button', { name: 'New agent' }).click();
    await owner.getByRole('dialog').getByLabel('Name').fill('Front desk');
    await owner.getByRole('button', { name: 'Create agent' }).click();
    await owner.getByRole('heading', { name: /Front desk/ }).waitFor();
    const agentId = owner.url().split('/').at(-1) ?? '';

    // No voice on this installation: two finished calls and their usage debits are arranged in the
    // database, one today and one three days ago, the way metering leaves them (ledger, balance, cost).
    const db = new pg.Client({ connectionString: e2e.platform.ownerDatabaseUrl });
    await db.connect();
    try {
      await db.query(
        `with spent(ago, millicredits) as (values (interval '0', 12500), (interval '3 days', 7250)),
         made as (
           insert into calls (organization_id, agent_id, agent_version, channel, status, room_name, started_at,
                              ended_at, duration_seconds, end_reason, cost_millicredits)
           select a.organization_id, a.id, a.current_version, 'web', 'ended', 'call-billing-e2e-' || s.millicredits,
                  now() - s.ago - interval '90 seconds', now() - s.ago, 90, 'caller_hung_up', s.millicredits
             from agents a, spent s where a.id = $1
           returning id, organization_id, cost_millicredits, ended_at
         ),
         usage as (
           insert into credit_ledger (organization_id, kind, amount_millicredits, idempotency_key, call_id, created_at)
           select organization_id, 'usage', -cost_millicredits, 'call:' || id || ':upto:90', id, ended_at from made
           returning organization_id, amount_millicredits
         )
         update credit_balances b set balance_millicredits = b.balance_millicredits + u.total
           from (select organization_id, sum(amount_millicredits) as total from usage group by 1) u
          where b.organization_id = u.organization_id`,
        [agentId],
      );
    } finally {
      await db.end();
    }

    await owner.goto(`${orgUrl}/billing`);
    await owner.getByTestId('balance').filter({ hasText: '330.25 credits' }).waitFor();
    await owner.getByText('19.75 credits spent on calls').waitFor();
    const chart = owner.getByTestId('usage-chart');
    await chart.getByText(': 12.5 credits').waitFor();
    await chart.getByText(': 7.25 credits').waitFor();
    const byAgent = owner
      .getByRole('table', { name: 'Spending by agent' })
      .getByRole('row', { name: /Front desk/ });
    await byAgent.getByRole('cell', { name: '19.75' }).waitFor();
    await byAgent.getByRole('cell', { name: '2', exact: true }).waitFor();
    await owner.getByRole('table', { name: 'Ledger' }).getByRole('cell', { name: '-12.5' }).waitFor();
  });

  test('the org admin sees the new balance and the grant in the ledger, and sets a daily cap', async () => {
    await owner.reload();
    await owner.getByTestId('balance').filter({ hasText: '330.25 credits' }).waitFor();
    const grant = owner
      .getByRole('table', { name: 'Ledger' })
      .getByRole('row')
      .filter({ hasText: 'Pilot agreement' });
    await grant.getByText('Manual grant').waitFor();
    await grant.getByText('+250').waitFor();

    const cap = owner.getByLabel('Daily spend cap (credits)');
    await cap.fill('-5');
    await owner.getByRole('button', { name: 'Save limits' }).click();
    await owner.getByText('Enter 0 or more credits with at most 3 decimals').waitFor();
    assert.equal(await cap.getAttribute('aria-invalid'), 'true');

    await cap.fill('50');
    await owner.getByRole('button', { name: 'Save limits' }).click();
    await owner.getByText('Billing settings saved').waitFor();
    await owner.getByText('of 50 credits daily cap').waitFor();
    await owner.reload();
    assert.equal(await owner.getByLabel('Daily spend cap (credits)').inputValue(), '50');
    await owner.screenshot({ path: `${SCREENSHOTS}/billing-page.png`, fullPage: true });
  });

  test('a member sees the balance and nothing else of billing', async () => {
    await owner.goto(`${orgUrl}/members`);
    await owner.getByRole('button', { name: 'Invite member' }).click();
    const dialog = owner.getByRole('dialog');
    await dialog.getByLabel('Email').fill('mia@example.com');
    await dialog.getByLabel('Role').selectOption('member');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await owner.getByText('Invitation sent to mia@example.com').waitFor();

    // No email service: the platform admin passes the links on from the local mailbox.
    const member = await newPage();
    await member.goto(
      await linkFromMailbox(platformAdmin, e2e.platform.url, 'mia@example.com', 'invited you to Billing Co'),
    );
    await member.getByRole('link', { name: 'Create an account' }).click();
    await signUp(member, 'Mia Member', 'mia@example.com');
    await member.getByRole('heading', { name: 'Verify your email' }).waitFor();
    await member.goto(
      await linkFromMailbox(platformAdmin, e2e.platform.url, 'mia@example.com', 'Verify your email address'),
    );
    await member.getByRole('button', { name: 'Accept invitation' }).click();
    await member.getByRole('heading', { name: 'Billing Co' }).waitFor();

    await member.getByTestId('balance').filter({ hasText: '330.25 credits' }).waitFor();
    assert.equal(await member.getByRole('link', { name: 'Billing', exact: true }).count(), 0);
    await member.screenshot({ path: `${SCREENSHOTS}/member-overview-balance.png`, fullPage: true });

    await member.goto(`${orgUrl}/billing`);
    await member.getByTestId('balance').filter({ hasText: '330.25 credits' }).waitFor();
    await member.getByText('Spending, the ledger and limits are for').waitFor();
    assert.equal(await member.getByRole('table', { name: 'Ledger' }).count(), 0);
    assert.equal(await member.getByLabel('Daily spend cap (credits)').count(), 0);
  });
});
