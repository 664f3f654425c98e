import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness.ts';

let t: TestApp;
let https: TestApp;

beforeAll(async () => {
  [t, https] = await Promise.all([
    createTestApp(),
    createTestApp({ publicUrl: 'https://switchboard.example.com' }),
  ]);
});
afterAll(async () => {
  await Promise.all([t.close(), https.close()]);
});

const get = (app: TestApp, url: string) => app.app.inject({ method: 'GET', url });

describe('security headers on the API', () => {
  it('every response carries them: success, 401, 404', async () => {
    for (const url of ['/api/v1/config', '/api/v1/me', '/api/v1/nothing-here']) {
      const response = await get(t, url);
      const csp = response.headers['content-security-policy'];
      expect([url, csp]).toEqual([url, expect.stringContaining("default-src 'none'")]);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
      expect(response.headers['x-frame-options']).toBe('DENY');
      expect(response.headers['referrer-policy']).toBe('no-referrer');
    }
  });

  it('no HSTS over plain http, and no upgrade of insecure requests', async () => {
    const response = await get(t, '/api/v1/config');
    expect(response.headers['strict-transport-security']).toBeUndefined();
    expect(response.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
  });

  it('HSTS when PUBLIC_URL is https', async () => {
    const response = await get(https, '/api/v1/config');
    expect(response.headers['strict-transport-security']).toBe('max-age=31536000');
    expect(response.headers['content-security-policy']).toContain('upgrade-insecure-requests');
  });

  it('the docs page gets a policy that lets Swagger UI run, and still no framing', async () => {
    const page = await get(t, '/api/docs');
    expect(page.statusCode).toBe(200);
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    // The scripts it names are served from here.
    const scripts = [...page.body.matchAll(/<script src="([^"]+)"/g)].map((match) => match[1]!);
    expect(scripts.length).toBeGreaterThanOrEqual(3);
    for (const script of scripts) {
      const url = new URL(script, 'http://localhost/api/docs').pathname;
      const response = await get(t, url);
      expect([url, response.statusCode]).toEqual([url, 200]);
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    }
  });
});
