import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenVerifier } from 'livekit-server-sdk';

export interface FakeLiveKitRooms {
  /** http://127.0.0.1:port, for LIVEKIT_URL. */
  url: string;
  apiKey: string;
  apiSecret: string;
  /** The rooms that exist; tests add and remove names. */
  rooms: Set<string>;
  /** Every ListRooms request that passed the token check: the names asked for. */
  listed: string[][];
  /** Requests refused for their token. */
  refused: number;
  /** While true, answers 503 like a LiveKit that is down. */
  isDown: boolean;
  close(): Promise<void>;
}

const LIST_ROOMS = '/twirp/livekit.RoomService/ListRooms';

/**
 * LiveKit's RoomService as far as ListRooms, speaking Twirp JSON as livekit-server-sdk sends it: a POST of
 * `{ names }` with a Bearer JWT signed by the API secret, whose video grant must include `roomList`. The
 * token is checked with the SDK's own TokenVerifier, so a client with the wrong secret is refused.
 */
export async function startFakeLiveKitRooms(): Promise<FakeLiveKitRooms> {
  const apiKey = 'APIfake';
  const apiSecret = 'fake-livekit-secret-that-is-long-enough';
  const verifier = new TokenVerifier(apiKey, apiSecret);
  const server = createServer(async (request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (request.method !== 'POST' || request.url !== LIST_ROOMS) {
      return reply(404, { code: 'bad_route', msg: `no route ${request.url}` });
    }
    if (fake.isDown) return reply(503, { code: 'unavailable', msg: 'down for the test' });
    try {
      const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
      const claims = await verifier.verify(token);
      if (!claims.video?.roomList) throw new Error('no roomList grant');
    } catch {
      fake.refused += 1;
      return reply(401, { code: 'unauthenticated', msg: 'invalid token' });
    }
    const { names = [] } = JSON.parse(await readBody(request)) as { names?: string[] };
    fake.listed.push(names);
    const rooms = [...fake.rooms]
      .filter((name) => names.length === 0 || names.includes(name))
      .map((name) => ({ sid: `RM_${name}`, name }));
    reply(200, { rooms });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeLiveKitRooms = {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    apiSecret,
    rooms: new Set(),
    listed: [],
    refused: 0,
    isDown: false,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return fake;
}

async function readBody(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) body += chunk;
  return body || '{}';
}
