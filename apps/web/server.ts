import { createServer, type IncomingMessage, request as proxyRequest, type ServerResponse } from 'node:http';
import next from 'next';

// The dashboard's server: Next.js for pages, and a pass-through to the API for /api/*, so the browser only
// ever talks to one origin (first-party cookies, no CORS). It is a custom server rather than a Next rewrite
// because rewrites are frozen at build time (the API port would be too) and do not add X-Forwarded-For:
// without the client's address every user would share one rate-limit bucket. The API believes only the
// addresses appended by proxies it trusts (TRUSTED_PROXIES), so a client cannot spoof its way out.
const port = Number(process.env.PORT ?? 3000);
const host = process.env.WEB_HOST ?? '0.0.0.0';
const apiUrl = new URL(process.env.API_URL ?? 'http://127.0.0.1:4000');
const dev = process.env.NODE_ENV === 'development';

const app = next({ dev, dir: import.meta.dirname });
const handle = app.getRequestHandler();
await app.prepare();

function forwardToApi(request: IncomingMessage, response: ServerResponse) {
  const remote = request.socket.remoteAddress;
  const forwardedFor = request.headers['x-forwarded-for'];
  const headers = {
    ...request.headers,
    host: apiUrl.host,
    'x-forwarded-host': request.headers.host ?? '',
    'x-forwarded-proto': 'encrypted' in request.socket ? 'https' : 'http',
    ...(remote && { 'x-forwarded-for': forwardedFor ? `${forwardedFor}, ${remote}` : remote }),
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

createServer((request, response) => {
  if (request.url?.startsWith('/api/')) return forwardToApi(request, response);
  void handle(request, response);
}).listen(port, host, () => console.log(`dashboard listening on http://${host}:${port}`));
