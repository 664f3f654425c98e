import { mkdir } from 'node:fs/promises';
import { after, before } from 'node:test';
import { launchBrowser } from './browser.ts';
import { e2e, SCREENSHOTS } from './context.ts';
import { startPlatform } from './platform.ts';

// One platform, started as `npm start` starts it, for every journey below (they run in this order).
before(async () => {
  await mkdir(SCREENSHOTS, { recursive: true });
  [e2e.platform, e2e.browser] = await Promise.all([startPlatform(), launchBrowser()]);
});

after(async () => {
  await e2e.browser?.close();
  await e2e.platform?.stop();
});

await import('./journeys/team.ts');
await import('./journeys/agents-and-tools.ts');
await import('./journeys/security-headers.ts');
