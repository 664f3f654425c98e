import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { cspViolations, e2e, newPage } from '../context.ts';

// Runs after the other journeys: they have driven every page of the dashboard under its CSP by then.
describe("the dashboard's security headers", { concurrency: false }, () => {
  test('pages carry a nonce-based CSP, no framing, nosniff and no Referer, and still render', async () => {
    const page = await newPage();
    const response = await page.goto(`${e2e.platform.url}/sign-in`);
    assert.ok(response);
    const headers = response.headers();
    const csp = headers['content-security-policy'] ?? '';
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce, `no nonce in ${csp}`);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.doesNotMatch(csp, /script-src[^;]*'unsafe-inline'/);
    assert.equal(headers['x-content-type-options'], 'nosniff');
    assert.equal(headers['x-frame-options'], 'DENY');
    assert.equal(headers['referrer-policy'], 'no-referrer');
    // Plain http here: no HSTS, which would lock browsers out of an installation without TLS.
    assert.equal(headers['strict-transport-security'], undefined);

    // Next.js put the request's nonce on its scripts, and the page came alive: the form posts to the API
    // through its same-origin check and shows the answer.
    // The property, not the attribute: browsers hide a nonce attribute from the page once it is parsed.
    const scripts = await page
      .locator('script')
      .evaluateAll((elements) => elements.map((element) => (element as unknown as { nonce: string }).nonce));
    assert.ok(scripts.length > 0);
    assert.ok(
      scripts.every((scriptNonce) => scriptNonce === nonce),
      'a script without the nonce',
    );
    await page.getByLabel('Email').fill('nobody@example.com');
    await page.getByLabel('Password').fill('not the password at all');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText(/invalid email or password/i).waitFor();

    // A second request gets a fresh nonce.
    const again = await page.goto(`${e2e.platform.url}/sign-in`);
    assert.notEqual(/'nonce-([^']+)'/.exec(again?.headers()['content-security-policy'] ?? '')?.[1], nonce);
  });

  test('the API behind the same origin sends its own headers', async () => {
    const page = await newPage();
    const response = await page.goto(`${e2e.platform.url}/api/v1/config`);
    const headers = response?.headers() ?? {};
    assert.match(headers['content-security-policy'] ?? '', /default-src 'none'/);
    assert.equal(headers['x-content-type-options'], 'nosniff');
  });

  test('no page of any journey had anything blocked by the CSP', () => {
    assert.deepEqual(cspViolations, []);
  });
});
