import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, request as proxyRequest, type ServerResponse } from 'node:http';
import { TrustedProxiesSchema } from '@switchboard/contracts/trusted-proxies';
import next from 'next';
import { clientAddress, proxyTrust } from './src/lib/client-address.ts';
import { dashboardSecurityHeaders } from './src/lib/security-headers.ts';

// The dashboard's server: Next.js for pages, and a pass-through to the API for /api/*, so the browser only
// ever talks to one origin (first-party cookies, no CORS). It is a custom server rather than a Next rewrite
// because rewrites are frozen at build time (the API port would be too) and do not add X-Forwarded-For:
// without the client's address every user would share one rate-limit bucket. It sends the API one address,
// the client as this server can vouch for it (its peer, or what a proxy named in TRUSTED_PROXIES says), never
// a browser's own X-Forwarded-For; the API trusts this server alone (npm start names it on loopback).
const port = Number(process.env.PORT ?? 3000);
const host = process.env.WEB_HOST ?? '0.0.0.0';
const apiUrl = new URL(process.env.API_URL ?? 'http://127.0.0.1:4000');
const dev = process.env.NODE_ENV === 'development';
const isTrustedProxy = proxyTrust(TrustedProxiesSchema.parse(process.env.TRUSTED_PROXIES));
const headerSettings = {
  publicUrl: process.env.PUBLIC_URL || `http://localhost:${port}`,
  livekitUrl: process.env.LIVEKIT_URL || undefined,
  isDev: dev,
};

const app = next({ dev, dir: import.meta.dirname });
const handle = app.getRequestHandler();
await app.prepare();

function forwardToApi(request: IncomingMessage, response: ServerResponse) {
  const { 'x-forwarded-for': forwardedFor, ...incoming } = request.headers;
  const peer = request.socket.remoteAddress;
  const proxyProto = peer && isTrustedProxy(peer) ? incoming['x-forwarded-proto'] : undefined;
  const headers = {
    ...incoming,
    host: apiUrl.host,
    'x-forwarded-host': incoming.host ?? '',
    'x-forwarded-proto':
      typeof proxyProto === 'string' ? proxyProto : 'encrypted' in request.socket ? 'https' : 'http',
    ...(peer && { 'x-forwarded-for': clientAddress(peer, forwardedFor, isTrustedProxy) }),
  };
  const upstream = proxyRequest(
    { host: apiUrl.hostname, port: apiUrl.port, method: request.method, path: request.url, headers },
    (apiResponse) => {
      response.writeHead(apiResponse.statusCode ?? 502, apiResponse.headers);
      apiResponse.pipe(response);
    },
  );
  upstream.on('error', () => {
    if (response.headersSent) return response.destroy();
    response.writeHead(502, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({ error: { code: 'API_UNAVAILABLE', message: 'The Switchboard API is not reachable' } }),
    );
  });
  request.pipe(upstream);
}

/** Security headers on every page and asset; the API sets its own on /api/*. */
function withSecurityHeaders(request: IncomingMessage, response: ServerResponse) {
  const headers = dashboardSecurityHeaders(headerSettings, randomBytes(16).toString('base64'));
  // Next.js takes the nonce for its scripts from the policy on the request (a client's own is overwritten).
  request.headers['content-security-policy'] = headers['Content-Security-Policy'];
  for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
}

createServer((request, response) => {
  if (request.url?.startsWith('/api/')) return forwardToApi(request, response);
  withSecurityHeaders(request, response);
  void handle(request, response);
}).listen(port, host, () => console.log(`dashboard listening on http://${host}:${port}`));
