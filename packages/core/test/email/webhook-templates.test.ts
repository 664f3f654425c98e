import { renderEmail } from '@switchboard/core/email/render-email';
import { describe, expect, it } from 'vitest';

describe('webhook email templates', () => {
  it('endpoint switched off: text and HTML with the same facts, names and URL escaped, no button', () => {
    const email = renderEmail({
      template: 'webhook-endpoint-disabled',
      data: {
        organizationName: 'Acme <Voice> & Co',
        url: 'https://hooks.example.test/<in>?a=1&b=2',
        failedDeliveries: 5,
        lastError: 'HTTP 500',
      },
    });
    expect(email.subject).toBe('A webhook endpoint of Acme <Voice> & Co was switched off on Switchboard');
    expect(email.text).toContain('https://hooks.example.test/<in>?a=1&b=2');
    expect(email.text).toContain('5 deliveries in a row failed every attempt');
    expect(email.text).toContain('The last attempt: HTTP 500');
    expect(email.text).toContain('Settings → Webhooks');
    expect(email.html).toMatch(/^<!doctype html>/);
    expect(email.html).toContain('Acme &lt;Voice&gt; &amp; Co');
    expect(email.html).toContain('https://hooks.example.test/&lt;in&gt;?a=1&amp;b=2');
    expect(email.html).not.toContain('<Voice>');
    expect(email.html).toContain('5 deliveries in a row failed every attempt');
    expect(email.html).not.toContain('<a href');
  });
});
