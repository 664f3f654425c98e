import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface EchoedRequest {
  method: string;
  /** The raw request target as the server received it, percent-encoding intact. */
  url: string;
  path: string;
  query: Record<string, string[]>;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  rawBody: string;
}

export interface TestServer {
  baseUrl: string;
  host: string;
  requests: EchoedRequest[];
  close(): Promise<void>;
}

type Route = (req: IncomingMessage, res: ServerResponse, echoed: EchoedRequest) => void;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A real HTTP server on 127.0.0.1 with a few routes; `/echo/...` answers with the request it received. */
export async function startTestServer(routes: Record<string, Route> = {}): Promise<TestServer> {
  const requests: EchoedRequest[] = [];
  const server: Server = createServer((req, res) => {
    void (async () => {
      const rawBody = await readBody(req);
      const parsed = new URL(req.url ?? '/', 'http://localhost');
      const query: Record<string, string[]> = {};
      for (const [k, v] of parsed.searchParams) query[k] = [...(query[k] ?? []), v];
      let body: unknown = rawBody;
      try {
        body = rawBody ? JSON.parse(rawBody) : undefined;
      } catch {
        // Not JSON; keep the text.
      }
      const echoed: EchoedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        path: parsed.pathname,
        query,
        headers: req.headers,
        body,
        rawBody,
      };
      requests.push(echoed);
      const route = Object.entries(routes).find(([prefix]) => parsed.pathname.startsWith(prefix));
      if (route) return route[1](req, res, echoed);
      if (parsed.pathname.startsWith('/echo')) {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(echoed));
        return;
      }
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`No route for ${parsed.pathname}`);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
