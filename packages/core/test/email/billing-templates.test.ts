import { renderEmail } from '@switchboard/core/email/render-email';
import { describe, expect, it } from 'vitest';

// Each billing email renders a subject, an HTML part and a text part with the same facts; names are escaped.
const ORG = 'Acme <Voice> & Co';
const URL = 'http://localhost:3000/o/org-1/billing';

function expectParts(rendered: { subject: string; html: string; text: string }, facts: string[]) {
  expect(rendered.html).toMatch(/^<!doctype html>/);
  expect(rendered.html).toContain('Acme &lt;Voice&gt; &amp; Co');
  expect(rendered.html).not.toContain('<Voice>');
  for (const fact of facts) {
    expect(rendered.text).toContain(fact);
    expect(rendered.html).toContain(fact);
  }
}

describe('billing email templates', () => {
  it('credits low: balance and threshold, no button', () => {
    const email = renderEmail({
      template: 'credits-low',
      data: { organizationName: ORG, balanceCredits: 42.5, thresholdCredits: 100 },
    });
    expect(email.subject).toBe(`Credits are running low for ${ORG} on Switchboard`);
    expectParts(email, ['42.5 credits left', 'threshold of 100 credits', 'Billing page']);
    expect(email.html).not.toContain('<a href');
  });

  it('credits exhausted: the balance and what stops', () => {
    const email = renderEmail({
      template: 'credits-exhausted',
      data: { organizationName: ORG, balanceCredits: -1.234 },
    });
    expect(email.subject).toBe(`${ORG} is out of credits on Switchboard`);
    expectParts(email, ['-1.234 credits', 'New calls are refused']);
  });

  it('subscription started, changed and canceled, each with a link to Billing', () => {
    const started = renderEmail({
      template: 'subscription-changed',
      data: {
        organizationName: ORG,
        change: 'started',
        planName: 'Starter',
        creditsPerPeriod: 5000,
        url: URL,
      },
    });
    expect(started.subject).toBe(`${ORG} subscribed to Starter on Switchboard`);
    expectParts(started, ['on the Starter plan', '5,000 credits']);
    expect(started.text).toContain(`Open Billing: ${URL}`);
    expect(started.html).toContain(`href="${URL}"`);

    const changed = renderEmail({
      template: 'subscription-changed',
      data: {
        organizationName: ORG,
        change: 'changed',
        planName: 'Scale',
        previousPlanName: 'Starter',
        url: URL,
      },
    });
    expect(changed.subject).toBe(`${ORG} changed plan to Scale on Switchboard`);
    expectParts(changed, ['moved from Starter to the Scale plan']);

    const endsAt = new Date('2026-12-31T00:00:00Z');
    const canceled = renderEmail({
      template: 'subscription-changed',
      data: { organizationName: ORG, change: 'canceled', planName: 'Scale', endsAt, url: URL },
    });
    expect(canceled.subject).toBe(`${ORG} canceled Scale on Switchboard`);
    expectParts(canceled, [`ends on ${endsAt.toUTCString()}`, 'will not renew']);
  });

  it('auto-recharge succeeded: the pack, what it cost, the balance after, a link to Billing', () => {
    const email = renderEmail({
      template: 'auto-recharge-succeeded',
      data: {
        organizationName: ORG,
        packName: 'Top-up <500>',
        packCredits: 500,
        amount: '$5.00',
        balanceCredits: 535.5,
        url: URL,
      },
    });
    expect(email.subject).toBe(`Auto-recharge added 500 credits to ${ORG} on Switchboard`);
    expectParts(email, ['500 credits for $5.00', '535.5 credits', 'saved payment method']);
    expect(email.html).toContain('Top-up &lt;500&gt;');
    expect(email.text).toContain(`Open Billing: ${URL}`);
    expect(email.html).toContain(`href="${URL}"`);
  });

  it('auto-recharge failed: why, that nothing was added, and a link to fix the payment method', () => {
    const email = renderEmail({
      template: 'auto-recharge-failed',
      data: {
        organizationName: ORG,
        packName: 'Top-up',
        amount: '$5.00',
        reason: 'Your card has insufficient funds.',
        url: URL,
      },
    });
    expect(email.subject).toBe(`Auto-recharge failed for ${ORG} on Switchboard`);
    expectParts(email, ['Your card has insufficient funds.', 'No credits were added', '($5.00)']);
    expect(email.text).toContain(`Fix the payment method: ${URL}`);
    expect(email.html).toContain(`href="${URL}"`);
  });
});
