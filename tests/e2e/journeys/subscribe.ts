import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { linkFromTerminal } from '../browser.ts';
import { e2e, newPage, PASSWORD, SCREENSHOTS, signUp } from '../context.ts';

// Stripe mode against the local fake Stripe (journeys.e2e.ts): its Checkout page pays at once and delivers
// the signed events Stripe would send to the platform's webhook before returning to the Billing page.
describe('an org admin subscribes to a plan through Stripe Checkout', { concurrency: false }, () => {
  test('a platform admin offers a plan mapped to a Stripe Price', async () => {
    // Ada, the installation's first user (team journey), is its platform admin. The plan through the admin
    // API from her signed-in dashboard (as its pages call it), the pack through the Plans & packs page.
    const platformAdmin = await newPage();
    await platformAdmin.goto(`${e2e.platform.url}/sign-in`);
    await platformAdmin.getByLabel('Email').fill('ada@example.com');
    await platformAdmin.getByLabel('Password').fill(PASSWORD);
    await platformAdmin.getByRole('button', { name: 'Sign in' }).click();
    await platformAdmin.getByRole('link', { name: 'Organizations' }).waitFor();
    const status = await platformAdmin.evaluate(async () => {
      const response = await fetch('/api/v1/admin/billing/plans', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'Starter',
          monthlyPriceCents: 4900,
          currency: 'usd',
          creditsPerPeriod: 500,
          concurrentCalls: 5,
          // The fake Stripe accepts any Price id, as a Price created in Stripe's dashboard.
          stripePriceId: 'price_e2e_starter',
        }),
      });
      return response.status;
    });
    assert.equal(status, 201);
    // A credit pack through the Plans & packs page: a field error first, then created.
    await platformAdmin.goto(`${e2e.platform.url}/admin/plans`);
    await platformAdmin.getByRole('table', { name: 'Plans' }).getByText('price_e2e_starter').waitFor();
    await platformAdmin.getByRole('button', { name: 'New pack' }).click();
    const dialog = platformAdmin.getByRole('dialog');
    await dialog.getByLabel('Name').fill('Top-up');
    await dialog.getByLabel('Credits').fill('1000');
    await dialog.getByLabel('Price', { exact: true }).fill('ten');
    await dialog.getByLabel('Stripe Price id').fill('price_e2e_topup');
    await dialog.getByRole('button', { name: 'Create credit pack' }).click();
    await dialog.getByText('An amount such as 49 or 49.90.').waitFor();
    await dialog.getByLabel('Price', { exact: true }).fill('10');
    await dialog.getByRole('button', { name: 'Create credit pack' }).click();
    await platformAdmin.getByRole('table', { name: 'Credit packs' }).getByText('price_e2e_topup').waitFor();
    await platformAdmin.screenshot({ path: `${SCREENSHOTS}/admin-plans.png`, fullPage: true });
    await platformAdmin.close();
  });

  test('the org admin subscribes, pays on Checkout and sees the plan and its credits', async () => {
    const owner = await newPage();
    await owner.goto(`${e2e.platform.url}/sign-up`);
    await signUp(owner, 'Sam Subscriber', 'sam@example.com');
    await owner.getByRole('heading', { name: 'Verify your email' }).waitFor();
    await owner.goto(
      await linkFromTerminal(e2e.platform.output, 'sam@example.com', 'Verify your email address'),
    );
    await owner.getByLabel('Organization name').fill('Subscribe Co');
    await owner.getByRole('button', { name: 'Create organization' }).click();
    await owner.getByRole('heading', { name: 'Subscribe Co' }).waitFor();
    await owner.getByTestId('balance').filter({ hasText: '100 credits' }).waitFor();

    await owner
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Billing', exact: true })
      .click();
    await owner.getByRole('heading', { name: 'Billing', exact: true }).waitFor();
    await owner.getByRole('button', { name: 'Subscribe', exact: true }).click();
    await owner.getByRole('menuitem', { name: 'Starter: 500 credits a month for $49.00' }).click();

    // Stripe's hosted Checkout (the fake's), then back to the Billing page once the webhooks are in.
    await owner.getByRole('heading', { name: 'Fake Stripe Checkout' }).waitFor();
    assert.ok(owner.url().startsWith(e2e.stripe.apiBase), owner.url());
    await owner.getByRole('button', { name: 'Pay', exact: true }).click();
    await owner.waitForURL(/\/o\/[^/]+\/billing/);

    await owner.getByText(/Plan Starter \(Active, renews/).waitFor();
    await owner.getByTestId('balance').filter({ hasText: '600 credits' }).waitFor();
    const grant = owner
      .getByRole('table', { name: 'Ledger' })
      .getByRole('row')
      .filter({ hasText: 'Starter plan' });
    await grant.getByText('Plan grant').waitFor();
    await grant.getByText('+500').waitFor();
    // Subscribed: the plan menu gives way to the portal.
    await owner.getByRole('button', { name: 'Manage payment' }).waitFor();
    assert.equal(await owner.getByRole('button', { name: 'Subscribe', exact: true }).count(), 0);
    await owner.screenshot({ path: `${SCREENSHOTS}/billing-subscribed.png`, fullPage: true });

    // Auto-recharge: the pack on offer, a threshold, on.
    await owner.getByLabel('Pack to buy').selectOption({ index: 1 });
    await owner.getByLabel('When the balance falls below (credits)').fill('50');
    await owner.getByRole('button', { name: 'Turn on auto-recharge' }).click();
    await owner.getByText('Auto-recharge is on').waitFor();
    await owner.getByRole('button', { name: 'Turn off' }).waitFor();
    await owner.screenshot({ path: `${SCREENSHOTS}/billing-auto-recharge.png`, fullPage: true });
  });
});
