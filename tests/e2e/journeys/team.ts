import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { linkFromMailbox, linkFromTerminal } from '../browser.ts';
import { e2e, newPage, SCREENSHOTS, signUp } from '../context.ts';

describe('a team forms around an organization', { concurrency: false }, () => {
  let admin: Page;
  let invitee: Page;
  let organizationUrl: string;

  // `npm run test:e2e:first` (CI, on the images' Node.js) runs this journey alone, found by its name.
  test('the first user signs up, verifies with the link from the terminal and creates an organization', async () => {
    admin = await newPage(await e2e.browser.newContext());
    await admin.goto(`${e2e.platform.url}/sign-up`);
    await signUp(admin, 'Ada Admin', 'ada@example.com');
    await admin.getByRole('heading', { name: 'Verify your email' }).waitFor();
    await admin.getByText('No email service is configured').waitFor();

    // Ada runs this installation: the link is in her terminal. Opening it verifies and signs her in.
    await admin.goto(
      await linkFromTerminal(e2e.platform.output, 'ada@example.com', 'Verify your email address'),
    );
    await admin.getByLabel('Organization name').waitFor();
    await admin.getByLabel('Organization name').fill('Acme Dental');
    await admin.getByRole('button', { name: 'Create organization' }).click();
    await admin.getByRole('heading', { name: 'Acme Dental' }).waitFor();
    await admin.getByText('Your role: Organization admin').waitFor();
    organizationUrl = admin.url();
    assert.match(organizationUrl, /\/o\/[0-9a-f-]{36}$/);
    await admin.screenshot({ path: `${SCREENSHOTS}/organization-overview.png` });
  });

  test('the admin invites a teammate as a member', async () => {
    await admin.goto(`${organizationUrl}/members`);
    await admin.getByRole('button', { name: 'Invite member' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('Email').fill('ben@example.com');
    await dialog.getByLabel('Role').selectOption('member');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await admin.getByText('Invitation sent to ben@example.com').waitFor();
    await admin.getByText('ben@example.com', { exact: true }).waitFor();
    await admin.getByText('pending', { exact: true }).waitFor();
    await admin.screenshot({ path: `${SCREENSHOTS}/members-with-invitation.png` });
  });

  test('the invitee gets the link from the platform admin, signs up, verifies, accepts and lands in the organization', async () => {
    // No email service: Ada, a platform admin, finds Ben's invitation in the local mailbox and passes it on.
    const invitation = await linkFromMailbox(
      admin,
      e2e.platform.url,
      'ben@example.com',
      'invited you to Acme Dental',
    );
    invitee = await newPage(await e2e.browser.newContext());
    await invitee.goto(invitation);
    await invitee.getByRole('heading', { name: 'Join Acme Dental' }).waitFor();
    await invitee.getByRole('link', { name: 'Create an account' }).click();
    assert.equal(await invitee.getByLabel(/email/i).inputValue(), 'ben@example.com');
    await signUp(invitee, 'Ben Member', 'ben@example.com');
    await invitee.getByRole('heading', { name: 'Verify your email' }).waitFor();

    // Ben is no platform admin: the local mailbox is closed to him, whatever he tries.
    const peek = await newPage(invitee.context());
    await peek.goto(`${e2e.platform.url}/mailbox`);
    await peek.getByText('Only platform admins can read the local mailbox').waitFor();
    await peek.close();

    // The verification link brings him back to the invitation, signed in.
    const verification = await linkFromMailbox(
      admin,
      e2e.platform.url,
      'ben@example.com',
      'Verify your email address',
    );
    await invitee.goto(verification);
    await invitee.getByRole('button', { name: 'Accept invitation' }).click();
    await invitee.getByRole('heading', { name: 'Acme Dental' }).waitFor();
    await invitee.getByText('Your role: Member').waitFor();
    assert.equal(invitee.url(), organizationUrl);
  });

  test("the admin makes the teammate billing, and the teammate's dashboard shows it", async () => {
    await admin.goto(`${organizationUrl}/members`);
    const role = admin.getByLabel('Role of Ben Member');
    await role.selectOption('billing');
    // A role change asks first, saying what it does (defect 6).
    const confirm = admin.getByRole('dialog');
    await confirm.getByText('Ben Member becomes Billing at once').waitFor();
    await confirm.getByRole('button', { name: 'Change role' }).click();
    await admin.getByText('Ben Member is now Billing').waitFor();

    await invitee.reload();
    await invitee.getByText('Your role: Billing').waitFor();
    await invitee.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Billing' }).waitFor();
    await invitee.screenshot({ path: `${SCREENSHOTS}/member-sees-billing-role.png` });
  });

  test('the last admin cannot demote themself', async () => {
    await admin.getByLabel('Role of Ada Admin').selectOption('member');
    // Your own role: the question says you lose access.
    const confirm = admin.getByRole('dialog');
    await confirm.getByText(/You will lose access at once/).waitFor();
    await confirm.getByRole('button', { name: 'Change role' }).click();
    await admin.getByText(/the last org_admin/).waitFor();
    await admin.reload();
    assert.equal(await admin.getByLabel('Role of Ada Admin').inputValue(), 'org_admin');
  });

  test('the admin creates a second organization, switches back and renames the first', async () => {
    await admin.getByRole('button', { name: /^Switch organization/ }).click();
    await admin.getByRole('menuitem', { name: 'Create organization' }).click();
    await admin.getByLabel('Organization name').fill('Beta Clinic');
    await admin.getByRole('button', { name: 'Create organization' }).click();
    await admin.getByRole('heading', { name: 'Beta Clinic' }).waitFor();

    await admin.getByRole('button', { name: /^Switch organization/ }).click();
    await admin.getByRole('menuitem', { name: 'Acme Dental' }).click();
    await admin.getByRole('heading', { name: 'Acme Dental' }).waitFor();
    assert.equal(admin.url(), organizationUrl);

    await admin.getByRole('link', { name: 'Settings' }).click();
    await admin.getByLabel('Organization name').fill('Acme Dental Group');
    await admin.getByRole('button', { name: 'Save' }).click();
    await admin.getByText('Organization saved').waitFor();
    await admin.getByTestId('current-organization').filter({ hasText: 'Acme Dental Group' }).waitFor();
  });

  test('the platform admin creates a custom role and can invite with it', async () => {
    await admin.goto(`${e2e.platform.url}/admin/roles`);
    await admin.getByRole('button', { name: 'New role' }).click();
    const dialog = admin.getByRole('dialog');
    await dialog.getByLabel('Name', { exact: true }).fill('Support agent');
    assert.equal(await dialog.getByLabel('Key', { exact: true }).inputValue(), 'support_agent');
    await dialog.getByLabel(/^members:read/).check();
    await dialog.getByLabel(/^calls:read/).check();
    await dialog.getByRole('button', { name: 'Create role' }).click();
    await admin.getByRole('heading', { name: /Support agent/ }).waitFor();

    await admin.goto(`${organizationUrl}/members`);
    await admin.getByRole('button', { name: 'Invite member' }).click();
    await admin.getByRole('dialog').getByLabel('Role').selectOption('support_agent');
    // A role picked is a change: Escape asks before dropping it.
    await admin.keyboard.press('Escape');
    await admin
      .getByRole('dialog', { name: 'Discard changes?' })
      .getByRole('button', { name: 'Discard changes' })
      .click();
    await admin.getByRole('dialog').waitFor({ state: 'detached' });
  });

  test('the platform admin makes the teammate a platform admin', async () => {
    await admin.goto(`${e2e.platform.url}/admin/users`);
    const ben = admin.getByRole('listitem').filter({ hasText: 'ben@example.com' });
    await ben.getByRole('button', { name: 'Make platform admin' }).click();
    const confirm = admin.getByRole('dialog');
    await confirm.getByText(/they can read every organization/).waitFor();
    await confirm.getByRole('button', { name: 'Make platform admin' }).click();
    await ben.getByText('Platform admin').waitFor();
    await invitee.reload();
    await invitee.getByRole('link', { name: 'Roles' }).waitFor();
  });

  test('a forgotten password is reset through the emailed link', async () => {
    const page = await newPage(await e2e.browser.newContext());
    await page.goto(`${e2e.platform.url}/sign-in`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await page.getByLabel('Email').fill('ben@example.com');
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await page.getByText('Check your inbox').waitFor();

    // The operator passes the link on from the terminal.
    await page.goto(await linkFromTerminal(e2e.platform.output, 'ben@example.com', 'Reset your password'));
    await page.getByLabel('New password').fill('a brand new passphrase');
    await page.getByLabel('Repeat it').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByText('Password changed').waitFor();

    await page.getByLabel('Email').fill('ben@example.com');
    await page.getByLabel('Password').fill('a brand new passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Acme Dental Group' }).waitFor();
  });
});
