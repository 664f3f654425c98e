import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type ClaimGrants, TokenVerifier } from 'livekit-server-sdk';

type Json = Record<string, unknown>;

/** A TransferSIPParticipant request as the fake received it (protobuf-JSON field names). */
export interface FakeSipTransfer {
  roomName: string;
  participantIdentity: string;
  transferTo: string;
  playDialtone: boolean;
}

/** A CreateSIPParticipant request as the fake received it. */
export interface FakeSipDial {
  sipTrunkId: string;
  sipCallTo: string;
  sipNumber: string;
  roomName: string;
  participantIdentity: string;
  participantAttributes: Record<string, string>;
  waitUntilAnswered: boolean;
}

/** How the fake answers the next dials: answered, or a SIP failure with its status code and reason. */
export type FakeDialAnswer = { answered: true } | { sipStatusCode: number; sipStatus: string };

export interface FakeLiveKitSip {
  /** http://127.0.0.1:port, for LIVEKIT_URL. */
  url: string;
  apiKey: string;
  apiSecret: string;
  inboundTrunks: Map<string, Json>;
  outboundTrunks: Map<string, Json & { numbers: string[] }>;
  dispatchRules: Map<string, Json>;
  /** The rooms that exist (RoomService ListRooms answers from it, DeleteRoom removes); tests add names. */
  rooms: Set<string>;
  /** Every ListRooms request that passed the token check: the names asked for. */
  listed: string[][];
  /** Every DeleteRoom request that passed the token check: the room's name (deleting hangs up everyone). */
  deletedRooms: string[];
  /** AgentDispatchService/CreateDispatch requests: the room, agent and metadata of each. */
  dispatches: { room: string; agentName: string; metadata: string }[];
  transfers: FakeSipTransfer[];
  dials: FakeSipDial[];
  /** What the next CreateSIPParticipant gets; answered by default. */
  dialAnswer: FakeDialAnswer;
  /**
   * Runs while a dial waits to be answered, before the fake answers it: where a test plays what LiveKit SIP
   * does meanwhile (the participant's `sip.callStatus` attribute becoming "ringing").
   */
  whileRinging: ((dial: FakeSipDial) => void | Promise<void>) | null;
  /** A SIP status code the next transfers fail with (e.g. 603 when the target declines); null succeeds. */
  transferFailure: number | null;
  /** Requests refused for their token (wrong secret, missing grant). */
  refused: number;
  /** While true, answers 503 like a LiveKit that is down. */
  isDown: boolean;
  close(): Promise<void>;
}

const id = (prefix: string) => `${prefix}_${randomBytes(6).toString('hex')}`;

/** A Twirp method: the grant LiveKit requires for it, and what the fake answers. */
interface Method {
  allowed: (claims: ClaimGrants, body: Json) => boolean;
  handle: (body: Json) => [number, Json] | Promise<[number, Json]>;
}

/**
 * LiveKit's server API as far as Switchboard uses it (the control plane's trunks, dispatch rules and
 * dispatches; the voice worker's transfers, outbound dials and room deletion; the sweeper's room list), speaking Twirp JSON as
 * livekit-server-sdk sends it: POST /twirp/<service>/<Method>, protobuf JSON with camelCase fields, a Bearer
 * JWT signed by the API secret (checked with the SDK's own TokenVerifier) carrying the grant LiveKit requires:
 * `sip.admin` for trunks and rules, `sip.call` for a dial, `sip.call` plus `roomAdmin` on the room for a
 * transfer, `roomAdmin` for a dispatch, `roomList` to list rooms, `roomCreate` to delete one. A failed SIP call answers like LiveKit: a Twirp error whose `meta`
 * carries `sip_status_code` and `sip_status` (the SDK turns it into a SipCallError). Objects are kept in
 * memory for tests to inspect. The one stand-in for LiveKit's server API: every test and the browser journeys use it.
 */
export async function startFakeLiveKitSip(): Promise<FakeLiveKitSip> {
  const apiKey = 'APIfakesip';
  const apiSecret = 'fake-livekit-sip-secret-that-is-long-enough';
  const verifier = new TokenVerifier(apiKey, apiSecret);
  const sipAdmin = (claims: ClaimGrants) => claims.sip?.admin === true;
  const sipFailure = (code: number, reason: string): [number, Json] =>
    // LiveKit answers a failed SIP call with a Twirp error of a 4xx status (no region failover).
    [
      412,
      {
        code: 'failed_precondition',
        msg: `SIP call failed: ${code} ${reason}`,
        meta: { sip_status_code: String(code), sip_status: reason },
      },
    ];

  const methods: Record<string, Method> = {
    'livekit.SIP/CreateSIPInboundTrunk': {
      allowed: sipAdmin,
      handle: (body) => {
        const trunk = { ...(body.trunk as Json), sipTrunkId: id('ST') };
        fake.inboundTrunks.set(trunk.sipTrunkId, trunk);
        return [200, trunk];
      },
    },
    'livekit.SIP/CreateSIPOutboundTrunk': {
      allowed: sipAdmin,
      handle: (body) => {
        const requested = body.trunk as Json;
        const trunk = { ...requested, numbers: (requested.numbers as string[]) ?? [], sipTrunkId: id('ST') };
        fake.outboundTrunks.set(trunk.sipTrunkId, trunk);
        // LiveKit never returns the password.
        return [200, { ...trunk, authPassword: '' }];
      },
    },
    'livekit.SIP/UpdateSIPOutboundTrunk': {
      allowed: sipAdmin,
      handle: (body) => {
        const trunk = fake.outboundTrunks.get(String(body.sipTrunkId));
        if (!trunk) return [404, { code: 'not_found', msg: 'trunk not found' }];
        const numbers = (body.update as { numbers?: { add?: string[]; remove?: string[] } } | undefined)
          ?.numbers;
        trunk.numbers = [...new Set([...trunk.numbers, ...(numbers?.add ?? [])])].filter(
          (number) => !(numbers?.remove ?? []).includes(number),
        );
        return [200, { ...trunk, authPassword: '' }];
      },
    },
    'livekit.SIP/DeleteSIPTrunk': {
      allowed: sipAdmin,
      handle: (body) => {
        const trunkId = String(body.sipTrunkId);
        if (!fake.inboundTrunks.delete(trunkId) && !fake.outboundTrunks.delete(trunkId))
          return [404, { code: 'not_found', msg: 'trunk not found' }];
        return [200, { sipTrunkId: trunkId }];
      },
    },
    'livekit.SIP/CreateSIPDispatchRule': {
      allowed: sipAdmin,
      handle: (body) => {
        const trunkIds = (body.trunkIds as string[]) ?? [];
        if (trunkIds.some((trunkId) => !fake.inboundTrunks.has(trunkId)))
          return [400, { code: 'invalid_argument', msg: 'unknown trunk' }];
        const rule = { ...body, sipDispatchRuleId: id('SDR') };
        fake.dispatchRules.set(rule.sipDispatchRuleId, rule);
        return [200, rule];
      },
    },
    'livekit.SIP/DeleteSIPDispatchRule': {
      allowed: sipAdmin,
      handle: (body) => {
        const ruleId = String(body.sipDispatchRuleId);
        const rule = fake.dispatchRules.get(ruleId);
        if (!rule) return [404, { code: 'not_found', msg: 'rule not found' }];
        fake.dispatchRules.delete(ruleId);
        return [200, rule];
      },
    },
    'livekit.SIP/TransferSIPParticipant': {
      allowed: (claims, body) =>
        claims.sip?.call === true && claims.video?.roomAdmin === true && claims.video.room === body.roomName,
      handle: (body) => {
        fake.transfers.push({
          roomName: String(body.roomName ?? ''),
          participantIdentity: String(body.participantIdentity ?? ''),
          transferTo: String(body.transferTo ?? ''),
          playDialtone: body.playDialtone === true,
        });
        if (fake.transferFailure !== null) return sipFailure(fake.transferFailure, 'Decline');
        return [200, {}];
      },
    },
    'livekit.SIP/CreateSIPParticipant': {
      allowed: (claims) => claims.sip?.call === true,
      handle: async (body) => {
        const dial: FakeSipDial = {
          sipTrunkId: String(body.sipTrunkId ?? ''),
          sipCallTo: String(body.sipCallTo ?? ''),
          sipNumber: String(body.sipNumber ?? ''),
          roomName: String(body.roomName ?? ''),
          participantIdentity: String(body.participantIdentity ?? ''),
          participantAttributes: (body.participantAttributes ?? {}) as Record<string, string>,
          waitUntilAnswered: body.waitUntilAnswered === true,
        };
        fake.dials.push(dial);
        if (dial.waitUntilAnswered) await fake.whileRinging?.(dial);
        const answer = fake.dialAnswer;
        if ('sipStatusCode' in answer) return sipFailure(answer.sipStatusCode, answer.sipStatus);
        return [
          200,
          {
            participantId: `PA_${fake.dials.length}`,
            participantIdentity: dial.participantIdentity,
            roomName: dial.roomName,
            sipCallId: `SCL_${fake.dials.length}`,
          },
        ];
      },
    },
    'livekit.RoomService/ListRooms': {
      allowed: (claims) => claims.video?.roomList === true,
      handle: (body) => {
        const names = (body.names as string[] | undefined) ?? [];
        fake.listed.push(names);
        const rooms = [...fake.rooms]
          .filter((name) => names.length === 0 || names.includes(name))
          .map((name) => ({ sid: `RM_${name}`, name }));
        return [200, { rooms }];
      },
    },
    'livekit.RoomService/DeleteRoom': {
      allowed: (claims) => claims.video?.roomCreate === true,
      handle: (body) => {
        const room = String(body.room ?? '');
        fake.deletedRooms.push(room);
        // LiveKit answers a room that is already gone with not_found.
        if (!fake.rooms.delete(room))
          return [404, { code: 'not_found', msg: 'requested room does not exist' }];
        return [200, {}];
      },
    },
    'livekit.AgentDispatchService/CreateDispatch': {
      allowed: (claims) => claims.video?.roomAdmin === true,
      handle: (body) => {
        const dispatch = {
          room: String(body.room),
          agentName: String(body.agentName),
          metadata: String(body.metadata ?? ''),
        };
        fake.dispatches.push(dispatch);
        return [200, { id: id('AD'), ...dispatch }];
      },
    },
  };

  const server = createServer(async (request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const name = request.url?.replace(/^\/twirp\//, '') ?? '';
    const method = request.method === 'POST' ? methods[name] : undefined;
    if (!method) return reply(404, { code: 'bad_route', msg: `no route ${request.url}` });
    if (fake.isDown) return reply(503, { code: 'unavailable', msg: 'down for the test' });
    const body = JSON.parse(await readBody(request)) as Json;
    try {
      const claims = await verifier.verify((request.headers.authorization ?? '').replace(/^Bearer /, ''));
      if (!method.allowed(claims, body)) throw new Error('missing grant');
    } catch {
      fake.refused += 1;
      return reply(401, { code: 'unauthenticated', msg: 'invalid token' });
    }
    const [status, answer] = await method.handle(body);
    reply(status, answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const fake: FakeLiveKitSip = {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    apiSecret,
    inboundTrunks: new Map(),
    outboundTrunks: new Map(),
    dispatchRules: new Map(),
    rooms: new Set(),
    listed: [],
    deletedRooms: [],
    dispatches: [],
    transfers: [],
    dials: [],
    dialAnswer: { answered: true },
    whileRinging: null,
    transferFailure: null,
    refused: 0,
    isDown: false,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return fake;
}

async function readBody(request: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of request) body += chunk;
  return body || '{}';
}
