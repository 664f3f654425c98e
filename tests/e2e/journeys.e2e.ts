import { mkdir } from 'node:fs/promises';
import { after, before } from 'node:test';
import { startFakeStripe } from '@switchboard/core/testing/fake-stripe';
import { launchBrowser } from './browser.ts';
import { e2e, SCREENSHOTS } from './context.ts';
import { startPlatform } from './platform.ts';

// One platform, started as `npm start` starts it, for every journey below (they run in this order). It runs
// in Stripe mode against the local fake Stripe, whose Checkout page delivers its webhooks to the platform;
// Stripe mode keeps trial credits and manual grants, so the journeys before the subscription still hold.
before(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  e2e.stripe = await startFakeStripe();
  const stripeMode = {
    STRIPE_SECRET_KEY: e2e.stripe.secretKey,
    STRIPE_WEBHOOK_SECRET: e2e.stripe.webhookSecret,
    STRIPE_API_BASE: e2e.stripe.apiBase,
  };
  [e2e.platform, e2e.browser] = await Promise.all([startPlatform(stripeMode), launchBrowser()]);
  e2e.stripe.webhookUrl = `${e2e.platform.url}/api/webhooks/stripe`;
});

after(async () => {
  await e2e.browser?.close();
  await e2e.platform?.stop();
  await e2e.stripe?.close();
});

await import('./journeys/team.ts');
await import('./journeys/agents-and-tools.ts');
await import('./journeys/mcp-tools.ts');
await import('./journeys/tool-presets.ts');
await import('./journeys/defects.ts');
await import('./journeys/editor-defects.ts');
await import('./journeys/shell.ts');
await import('./journeys/chat.ts');
await import('./journeys/voice-preview.ts');
await import('./journeys/dashboard.ts');
await import('./journeys/billing.ts');
await import('./journeys/analytics.ts');
await import('./journeys/analysis.ts');
await import('./journeys/subscribe.ts');
await import('./journeys/api-keys.ts');
await import('./journeys/webhooks.ts');
await import('./journeys/phone.ts');
await import('./journeys/security-headers.ts');
