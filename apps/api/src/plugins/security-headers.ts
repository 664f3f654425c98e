import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

const ONE_YEAR = 365 * 24 * 60 * 60;
const DOCS_PREFIX = '/api/docs';

type Directives = Record<string, string[]>;

/**
 * The API answers JSON, never a page: its policy lets a response load, run and embed nothing, so a body a
 * browser is tricked into rendering stays inert.
 */
const API_POLICY: Directives = {
  'default-src': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/**
 * The Swagger UI at /api/docs is a page: its own scripts, styles and images (some as data: URIs), and
 * "Try it out" requests to this origin. No inline script runs there (@fastify/swagger-ui serves its
 * initializer as a file), so `script-src 'self'` is enough; it does apply inline styles (checked in Chromium:
 * without 'unsafe-inline' the browser blocks them).
 */
const DOCS_POLICY: Directives = {
  'default-src': ["'self'"],
  'base-uri': ["'none'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
};

/**
 * Security headers on every API response (errors and 404s included), with helmet: a CSP, no framing,
 * nosniff, no Referer (links to reset and invitation pages carry tokens), and HSTS only when PUBLIC_URL is
 * https: announcing it on a plain-http installation would lock browsers out of it. Each policy's middleware
 * is built once, here: @fastify/helmet built it again for every request, parsing the policy each time, which
 * cost the API about 3% of its CPU per request (docs/performance.md "API throughput").
 */
export async function registerSecurityHeaders(
  app: FastifyInstance,
  { publicUrl }: { publicUrl: string },
): Promise<void> {
  const isHttps = new URL(publicUrl).protocol === 'https:';
  const upgrade: Directives = isHttps ? { 'upgrade-insecure-requests': [] } : {};
  const headersWith = (policy: Directives) =>
    helmet({
      contentSecurityPolicy: { useDefaults: false, directives: { ...policy, ...upgrade } },
      frameguard: { action: 'deny' },
      referrerPolicy: { policy: 'no-referrer' },
      // Only this host: subdomains may be other people's services that still speak plain http.
      strictTransportSecurity: isHttps ? { maxAge: ONE_YEAR, includeSubDomains: false } : false,
    });
  const apiHeaders = headersWith(API_POLICY);
  const docsHeaders = headersWith(DOCS_POLICY);
  app.addHook('onRequest', (request, reply, done) => {
    const setHeaders = request.routeOptions.url?.startsWith(DOCS_PREFIX) ? docsHeaders : apiHeaders;
    setHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined));
  });
}
