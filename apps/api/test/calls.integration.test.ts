import { createHash, randomUUID } from 'node:crypto';
import { CallMetadataSchema } from '@switchboard/contracts/calls';
import { AccessToken, TokenVerifier, WebhookEvent } from 'livekit-server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createOrganization,
  createTestApp,
  request,
  signUp,
  TEST_LIVEKIT,
  type TestApp,
  type TestUser,
} from './harness.ts';

let t: TestApp;
let admin: TestUser;
let orgId: string;
let agentId: string;

beforeAll(async () => {
  t = await createTestApp({ livekit: TEST_LIVEKIT });
  admin = await signUp(t, { name: 'Ada Admin' });
  orgId = await createOrganization(t, admin, 'Acme Dental');
  agentId = (
    await request(t, admin, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/agents`,
      payload: { name: 'Front desk' },
    })
  ).json().id;
});
afterAll(() => t.close());

const startCall = (user: TestUser, agent = agentId, org = orgId) =>
  request(t, user, { method: 'POST', url: `/api/v1/orgs/${org}/agents/${agent}/calls/web` });

/** Signs a webhook body the way LiveKit does: a JWT from the project's key whose sha256 claim is the body's. */
async function signedWebhook(body: object, secret = TEST_LIVEKIT.apiSecret) {
  const payload = JSON.stringify(body);
  const token = new AccessToken(TEST_LIVEKIT.apiKey, secret);
  token.sha256 = createHash('sha256').update(payload).digest('base64');
  const signed = {
    method: 'POST' as const,
    url: '/api/webhooks/livekit',
    headers: { 'content-type': 'application/webhook+json', authorization: await token.toJwt() },
    payload,
  };
  return Object.assign(await request(t, null, signed), {
    /** Sends the very same signed request again, as someone who recorded it would. */
    replay: () => request(t, null, signed),
  });
}

/** A room event as LiveKit's server writes it (the SDK's own WebhookEvent), created `secondsAgo` ago. */
function roomEvent(event: 'room_started' | 'room_finished', roomName: string, secondsAgo: number) {
  const webhookEvent = new WebhookEvent({
    id: `EV_${randomUUID()}`,
    room: { name: roomName },
    createdAt: BigInt(Math.floor(Date.now() / 1000) - secondsAgo),
  });
  // The SDK's subclass resets `event` after the constructor has set it.
  webhookEvent.event = event;
  return webhookEvent.toJson() as object;
}

const readCall = async (callId: string) =>
  (await request(t, admin, { method: 'GET', url: `/api/v1/orgs/${orgId}/calls/${callId}` })).json();

describe('starting a browser call', () => {
  it('issues a short-lived token that joins the call room and dispatches the agent with its metadata', async () => {
    const response = await startCall(admin);
    expect(response.statusCode).toBe(201);
    const { callId, url, token, roomName } = response.json();
    expect(url).toBe(TEST_LIVEKIT.url);
    expect(roomName).toBe(`call-${callId}`);

    const claims = await new TokenVerifier(TEST_LIVEKIT.apiKey, TEST_LIVEKIT.apiSecret).verify(token);
    expect(claims.video).toMatchObject({
      roomJoin: true,
      room: roomName,
      canPublish: true,
      canSubscribe: true,
    });
    expect(claims.sub).toBe(`user-${admin.id}`);
    expect((claims.exp ?? 0) - (claims.nbf ?? claims.iat ?? 0)).toBeLessThanOrEqual(600);
    const dispatch = claims.roomConfig?.agents?.[0];
    expect(dispatch?.agentName).toBe('switchboard');
    const metadata = CallMetadataSchema.parse(JSON.parse(dispatch?.metadata ?? ''));
    expect(metadata).toEqual({ callId, organizationId: orgId, agentId, agentVersion: 1 });

    const call = (
      await request(t, admin, { method: 'GET', url: `/api/v1/orgs/${orgId}/calls/${callId}` })
    ).json();
    expect(call).toMatchObject({
      status: 'created',
      channel: 'web',
      agent: { id: agentId, name: 'Front desk' },
    });
  });

  it('is refused without calls:start, for an archived agent, and for another organization’s agent', async () => {
    const billing = await addMember(t, orgId, 'billing');
    expect((await startCall(billing)).statusCode).toBe(403);

    const outsider = await signUp(t);
    const otherOrg = await createOrganization(t, outsider, 'Other');
    expect((await startCall(outsider, agentId, otherOrg)).statusCode).toBe(404);

    const archived = (
      await request(t, admin, {
        method: 'POST',
        url: `/api/v1/orgs/${orgId}/agents`,
        payload: { name: 'Old' },
      })
    ).json();
    await request(t, admin, { method: 'POST', url: `/api/v1/orgs/${orgId}/agents/${archived.id}/archive` });
    const refused = await startCall(admin, archived.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('AGENT_ARCHIVED');
  });

  it('explains what to set when voice is not configured', async () => {
    const unconfigured = await createTestApp({
      publicConfig: { voice: { configured: false, missing: ['LIVEKIT_URL', 'LIVEKIT_API_KEY'] } },
    });
    try {
      const user = await signUp(unconfigured);
      const org = await createOrganization(unconfigured, user, 'No voice');
      const agent = (
        await request(unconfigured, user, {
          method: 'POST',
          url: `/api/v1/orgs/${org}/agents`,
          payload: { name: 'A' },
        })
      ).json();
      const response = await request(unconfigured, user, {
        method: 'POST',
        url: `/api/v1/orgs/${org}/agents/${agent.id}/calls/web`,
      });
      expect(response.statusCode).toBe(409);
      expect(response.json().error).toMatchObject({
        code: 'VOICE_NOT_CONFIGURED',
        message: expect.stringContaining('LIVEKIT_URL'),
      });
    } finally {
      await unconfigured.close();
    }
  });
});

describe('LiveKit webhooks', () => {
  it('record the room’s start and end, closing a call no agent joined', async () => {
    const { callId, roomName } = (await startCall(admin)).json();
    const startEvent = roomEvent('room_started', roomName, 60);
    const started = await signedWebhook(startEvent);
    expect(started.statusCode).toBe(200);
    expect(started.json()).toEqual({ result: 'recorded' });
    const endEvent = roomEvent('room_finished', roomName, 18);
    expect((await signedWebhook(endEvent)).json()).toEqual({ result: 'recorded' });
    const seconds = (event: object) => Number((event as { createdAt: string }).createdAt) * 1000;
    expect(await readCall(callId)).toMatchObject({
      status: 'ended',
      endReason: 'never_joined',
      // 42 s apart, or 43 when a second turned between the two events' clocks.
      durationSeconds: (seconds(endEvent) - seconds(startEvent)) / 1000,
      startedAt: new Date(seconds(startEvent)).toISOString(),
      endedAt: new Date(seconds(endEvent)).toISOString(),
    });
  });

  it('apply a signed event once: the same request replayed changes nothing', async () => {
    const { callId, roomName } = (await startCall(admin)).json();
    const started = await signedWebhook(roomEvent('room_started', roomName, 30));
    expect(started.json()).toEqual({ result: 'recorded' });
    // Were the replay applied, it would move this later start back to the event's time.
    const later = new Date(Date.now() - 10_000);
    await t.database.owner.updateTable('calls').set({ startedAt: later }).where('id', '=', callId).execute();
    const replayed = await started.replay();
    // A 200, so that LiveKit, retrying, stops.
    expect(replayed.statusCode).toBe(200);
    expect(replayed.json()).toEqual({ result: 'duplicate' });
    expect((await readCall(callId)).startedAt).toBe(later.toISOString());

    // Two deliveries at once: one applies, the other waits on the event id and finds it taken.
    const finished = roomEvent('room_finished', roomName, 5);
    const results = await Promise.all([signedWebhook(finished), signedWebhook(finished)]);
    expect(results.map((response) => response.json().result).sort()).toEqual(['duplicate', 'recorded']);
  });

  it('ignore an event older than five minutes, dated ahead of our clock, or undated', async () => {
    const { callId, roomName } = (await startCall(admin)).json();
    const { createdAt: _undated, ...undated } = roomEvent('room_finished', roomName, 0) as {
      createdAt: string;
    };
    for (const event of [
      roomEvent('room_finished', roomName, 6 * 60),
      roomEvent('room_finished', roomName, -10 * 60),
      undated,
    ]) {
      const response = await signedWebhook(event);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ result: 'untimely' });
    }
    expect(await readCall(callId)).toMatchObject({ status: 'created', endedAt: null });
  });

  it('never reopen an ended call or move its end back, whatever order events arrive in', async () => {
    const { callId, roomName } = (await startCall(admin)).json();
    await signedWebhook(roomEvent('room_finished', roomName, 20));
    const ended = await readCall(callId);
    expect(ended).toMatchObject({ status: 'ended', startedAt: null });

    // A room_started delivered late, and an older room_finished: both new, both timely, both change nothing.
    expect((await signedWebhook(roomEvent('room_started', roomName, 10))).json()).toEqual({
      result: 'recorded',
    });
    await signedWebhook(roomEvent('room_finished', roomName, 40));
    expect(await readCall(callId)).toEqual(ended);

    // A later end moves ended_at forward; the call stays as the first end closed it.
    const later = roomEvent('room_finished', roomName, 2);
    await signedWebhook(later);
    expect(await readCall(callId)).toEqual({
      ...ended,
      endedAt: new Date(Number((later as { createdAt: string }).createdAt) * 1000).toISOString(),
    });
  });

  it('answer other events with 200 and forget event ids once no replay of them could pass the age check', async () => {
    const other = await signedWebhook({ ...roomEvent('room_started', 'x', 0), event: 'participant_joined' });
    expect(other.json()).toEqual({ result: 'ignored' });

    const { owner } = t.database;
    await owner
      .insertInto('livekitWebhookEvents')
      .values({ eventId: 'EV_from_long_ago', receivedAt: new Date(Date.now() - 2 * 3_600_000) })
      .execute();
    await signedWebhook(roomEvent('room_started', 'no-such-room', 0));
    const kept = await owner.selectFrom('livekitWebhookEvents').select('eventId').execute();
    expect(kept.map((row) => row.eventId)).not.toContain('EV_from_long_ago');
  });

  it('refuse a bad signature or a tampered body', async () => {
    const forged = await signedWebhook(
      { event: 'room_finished', room: { name: 'x' } },
      'not-the-secret-not-the-secret-000',
    );
    expect(forged.statusCode).toBe(401);
    expect(forged.json().error.code).toBe('INVALID_SIGNATURE');
    const token = new AccessToken(TEST_LIVEKIT.apiKey, TEST_LIVEKIT.apiSecret);
    token.sha256 = createHash('sha256').update('{"event":"room_started"}').digest('base64');
    const tampered = await request(t, null, {
      method: 'POST',
      url: '/api/webhooks/livekit',
      headers: { 'content-type': 'application/webhook+json', authorization: await token.toJwt() },
      payload: '{"event":"room_finished"}',
    });
    expect(tampered.statusCode).toBe(401);
  });
});

describe('the calls list and a call', () => {
  it('filter by agent and date, and show the transcript and tool calls in order', async () => {
    const { callId } = (await startCall(admin)).json();
    const { owner } = t.database;
    await owner
      .insertInto('callTranscriptItems')
      .values([
        { organizationId: orgId, callId, seq: 1, role: 'assistant', text: 'Hello, Acme Dental.' },
        { organizationId: orgId, callId, seq: 2, role: 'user', text: 'Can I book Tuesday?' },
      ])
      .execute();
    await owner
      .insertInto('callToolCalls')
      .values({
        organizationId: orgId,
        callId,
        toolCallId: 'call_1',
        functionName: 'check_availability',
        arguments: JSON.stringify({ date: '2030-01-08' }),
        result: JSON.stringify({ slots: ['09:00'] }),
        startedAt: new Date('2030-01-01T10:00:00Z'),
        finishedAt: new Date('2030-01-01T10:00:00.250Z'),
      })
      .execute();

    const detail = (
      await request(t, admin, { method: 'GET', url: `/api/v1/orgs/${orgId}/calls/${callId}` })
    ).json();
    expect(detail.transcript.map((item: { text: string }) => item.text)).toEqual([
      'Hello, Acme Dental.',
      'Can I book Tuesday?',
    ]);
    expect(detail.toolCalls).toEqual([
      expect.objectContaining({
        functionName: 'check_availability',
        arguments: { date: '2030-01-08' },
        durationMs: 250,
      }),
    ]);

    const other = (
      await request(t, admin, {
        method: 'POST',
        url: `/api/v1/orgs/${orgId}/agents`,
        payload: { name: 'Other' },
      })
    ).json();
    const list = (url: string) =>
      request(t, admin, { method: 'GET', url }).then((response) => response.json().calls);
    expect((await list(`/api/v1/orgs/${orgId}/calls?agentId=${other.id}`)).length).toBe(0);
    expect((await list(`/api/v1/orgs/${orgId}/calls?agentId=${agentId}`)).length).toBeGreaterThan(0);
    expect((await list(`/api/v1/orgs/${orgId}/calls?from=2099-01-01`)).length).toBe(0);
    const bad = await request(t, admin, { method: 'GET', url: `/api/v1/orgs/${orgId}/calls?from=yesterday` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('querystring.from');
  });
});
