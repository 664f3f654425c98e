import {
  InboundPhoneDispatchMetadataSchema,
  OutboundPhoneCallMetadataSchema,
} from '@switchboard/contracts/phone';
import type { JobRunner } from '@switchboard/core/jobs/run-jobs';
import { type FakeTwilio, startFakeTwilio } from '@switchboard/core/testing/fake-twilio';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeLiveKitSip, startFakeLiveKitSip } from '../../worker/test/livekit/fake-livekit-sip.ts';
import {
  addMember,
  createOrganization,
  createTestApp,
  request,
  signUp,
  startJobs,
  type TestApp,
  type TestUser,
} from './harness.ts';

const SIP_URI = 'sip:switchboard-test.sip.livekit.cloud';

let t: TestApp;
let twilio: FakeTwilio;
let livekit: FakeLiveKitSip;
let jobs: JobRunner;
let jobsEnv: Record<string, string>;
let admin: TestUser;
let orgId: string;
let agentId: string;

beforeAll(async () => {
  [twilio, livekit] = await Promise.all([startFakeTwilio(), startFakeLiveKitSip()]);
  t = await createTestApp({
    livekit: {
      url: livekit.url,
      apiKey: livekit.apiKey,
      apiSecret: livekit.apiSecret,
      agentName: 'switchboard',
    },
    phone: { sipUri: SIP_URI },
  });
  jobsEnv = {
    LIVEKIT_URL: livekit.url,
    LIVEKIT_API_KEY: livekit.apiKey,
    LIVEKIT_API_SECRET: livekit.apiSecret,
    LIVEKIT_SIP_URI: SIP_URI,
    TWILIO_API_BASE: twilio.apiBase,
  };
  jobs = await startJobs(t, jobsEnv);
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
afterAll(async () => {
  await jobs?.stop();
  await t?.close();
  await Promise.all([twilio?.close(), livekit?.close()]);
});

/** Polls `read` until `done` holds (the job runner answers asynchronously), for at most ~20 s. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('condition not reached');
}

const get = (url: string, user = admin) =>
  request(t, user, { method: 'GET', url: `/api/v1/orgs/${orgId}${url}` });
const send = (method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, payload?: object, user = admin) =>
  request(t, user, { method, url: `/api/v1/orgs/${orgId}${url}`, ...(payload && { payload }) });

describe('phone numbers and outbound calls', () => {
  let numberId: string;

  it('refuses an outbound call before Twilio is connected', async () => {
    const response = await send('POST', '/calls/outbound', { agentId, toNumber: '+14155550199' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error.code).toBe('PHONE_NOT_READY');
  });

  it('connects Twilio: the worker tier sets up the SIP trunk at Twilio and the outbound trunk at LiveKit', async () => {
    const bad = await send('PUT', '/phone/twilio', {
      kind: 'auth_token',
      accountSid: 'nope',
      authToken: 'x',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('accountSid');

    const response = await send('PUT', '/phone/twilio', {
      kind: 'auth_token',
      accountSid: twilio.accountSid,
      authToken: twilio.authToken,
    });
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain(twilio.authToken);
    const settings = await until(
      async () => (await get('/phone')).json(),
      (body) => body.connection?.status !== 'pending',
    );
    expect(settings.connection).toMatchObject({
      status: 'ready',
      accountSid: twilio.accountSid,
      lastError: null,
    });

    const [trunk] = [...twilio.trunks.values()];
    expect(trunk?.origination_urls.map((url) => url.sip_url)).toEqual([SIP_URI]);
    expect(trunk?.credential_lists).toHaveLength(1);
    const [outbound] = [...livekit.outboundTrunks.values()];
    expect(outbound?.address).toBe(trunk?.domain_name);
    // LiveKit authenticates with exactly the credential Twilio's list holds.
    const [credential] = [...twilio.credentialLists.values()].flatMap((list) => list.credentials);
    expect(outbound?.authUsername).toBe(credential?.username);
    expect(outbound?.authPassword).toBe(credential?.password);

    // The credentials are sealed for the worker tier, and open only with its key and this organization.
    const row = await t.database.owner
      .selectFrom('phoneConnections')
      .select('credentialsCiphertext')
      .executeTakeFirstOrThrow();
    expect(row.credentialsCiphertext).not.toContain(twilio.authToken);
  });

  it('searches numbers through the worker tier and buys one assigned to an agent', async () => {
    const bad = await send('POST', '/phone/searches', { country: 'usa' });
    expect(bad.statusCode).toBe(400);
    const search = await send('POST', '/phone/searches', { country: 'US', areaCode: '628' });
    expect(search.statusCode).toBe(201);
    const answered = await until(
      async () => (await get(`/phone/lookups/${search.json().id}`)).json(),
      (body) => body.status !== 'pending',
    );
    expect(answered.status).toBe('succeeded');
    const [choice] = answered.available;
    expect(choice.e164).toMatch(/^\+1628/);

    const bought = await send('POST', '/phone/numbers', { e164: choice.e164, agentId });
    expect(bought.statusCode).toBe(201);
    numberId = bought.json().id;
    const ready = await until(
      async () => (await get(`/phone/numbers/${numberId}`)).json(),
      (body) => body.status !== 'pending',
    );
    expect(ready).toMatchObject({
      status: 'ready',
      e164: choice.e164,
      agent: { id: agentId, name: 'Front desk' },
    });

    const atTwilio = twilio.incomingNumbers.get(ready.twilioSid);
    expect(atTwilio?.phone_number).toBe(choice.e164);
    expect(atTwilio?.trunk_sid).toBe([...twilio.trunks.keys()][0]);
    const [inbound] = [...livekit.inboundTrunks.values()];
    expect(inbound?.numbers).toEqual([choice.e164]);
    // The rule as the SDK sent it (protobuf JSON).
    const [rule] = [...livekit.dispatchRules.values()] as Array<{
      trunkIds: string[];
      rule: { dispatchRuleIndividual: { roomPrefix: string } };
      roomConfig: { agents: { agentName: string; metadata: string }[] };
    }>;
    expect(rule?.trunkIds).toEqual([inbound?.sipTrunkId]);
    expect(rule?.rule.dispatchRuleIndividual.roomPrefix).toBe('call-in-');
    const dispatch = rule?.roomConfig.agents[0];
    expect(dispatch?.agentName).toBe('switchboard');
    expect(InboundPhoneDispatchMetadataSchema.parse(JSON.parse(dispatch?.metadata ?? ''))).toEqual({
      kind: 'phone_inbound',
      organizationId: orgId,
      phoneNumberId: numberId,
    });
    expect([...livekit.outboundTrunks.values()][0]?.numbers).toEqual([choice.e164]);
  });

  it('places an outbound call: recorded as queued, the agent dispatched with the leg to dial', async () => {
    const invalid = await send('POST', '/calls/outbound', { agentId, toNumber: '555-0199' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.message).toContain('toNumber');

    const response = await send('POST', '/calls/outbound', {
      agentId,
      toNumber: '+14155550199',
      variables: { name: 'Grace' },
    });
    expect(response.statusCode).toBe(201);
    const call = response.json();
    expect(call).toMatchObject({
      channel: 'phone',
      status: 'created',
      phone: { direction: 'outbound', toNumber: '+14155550199', status: 'queued' },
    });
    const dispatch = livekit.dispatches.at(-1);
    expect(dispatch?.room).toBe(`call-${call.id}`);
    const metadata = OutboundPhoneCallMetadataSchema.parse(JSON.parse(dispatch?.metadata ?? ''));
    expect(metadata).toMatchObject({
      callId: call.id,
      organizationId: orgId,
      agentId,
      phone: {
        direction: 'outbound',
        toNumber: '+14155550199',
        sipOutboundTrunkId: [...livekit.outboundTrunks.keys()][0],
      },
    });
    expect(metadata.phone.fromNumber).toBe(call.phone.fromNumber);
    const stored = await t.database.owner
      .selectFrom('calls')
      .select('variables')
      .where('id', '=', call.id)
      .executeTakeFirstOrThrow();
    expect(stored.variables).toEqual({ name: 'Grace' });

    const listed = (await get('/calls')).json().calls;
    expect(listed.find((row: { id: string }) => row.id === call.id)?.phone.direction).toBe('outbound');
  });

  it('keeps phone management to those who hold phone:manage', async () => {
    const member = await addMember(t, orgId, 'member');
    expect((await get('/phone/numbers', member)).statusCode).toBe(200);
    const settings = (await get('/phone', member)).json();
    expect(settings.missing).toEqual([]);
    expect((await send('PATCH', `/phone/numbers/${numberId}`, { agentId: null }, member)).statusCode).toBe(
      403,
    );
    expect((await send('POST', '/phone/searches', { country: 'US' }, member)).statusCode).toBe(403);
  });

  it('unassigns a number (its dispatch rule goes) and releases it at Twilio', async () => {
    const unassigned = await send('PATCH', `/phone/numbers/${numberId}`, { agentId: null });
    expect(unassigned.statusCode).toBe(200);
    await until(
      async () => (await get(`/phone/numbers/${numberId}`)).json(),
      (body) => body.status === 'ready',
    );
    expect(livekit.dispatchRules.size).toBe(0);

    const released = await send('DELETE', `/phone/numbers/${numberId}`);
    expect(released.statusCode).toBe(202);
    await until(
      async () => (await get(`/phone/numbers/${numberId}`)).statusCode,
      (status) => status === 404,
    );
    expect(twilio.incomingNumbers.size).toBe(0);
    expect(livekit.inboundTrunks.size).toBe(0);
    expect([...livekit.outboundTrunks.values()][0]?.numbers).toEqual([]);
  });

  it('imports a number already in the Twilio account', async () => {
    const existing = twilio.addAccountNumber('+14155550123', 'Main line');
    const listing = await send('POST', '/phone/account-numbers');
    const answered = await until(
      async () => (await get(`/phone/lookups/${listing.json().id}`)).json(),
      (body) => body.status !== 'pending',
    );
    expect(answered.accountNumbers).toEqual([
      { twilioSid: existing.sid, e164: '+14155550123', friendlyName: 'Main line', imported: false },
    ]);
    const imported = await send('POST', '/phone/numbers/import', {
      e164: '+14155550123',
      twilioSid: existing.sid,
      agentId: null,
    });
    expect(imported.statusCode).toBe(201);
    const ready = await until(
      async () => (await get(`/phone/numbers/${imported.json().id}`)).json(),
      (body) => body.status !== 'pending',
    );
    expect(ready).toMatchObject({ status: 'ready', friendlyName: 'Main line', agent: null });
    expect(twilio.incomingNumbers.get(String(existing.sid))?.trunk_sid).toBeTruthy();
    expect(livekit.dispatchRules.size).toBe(0);
  });

  it('runs the syncs of one number one after another, so two quick changes make one dispatch rule', async () => {
    const number = (await get('/phone/numbers'))
      .json()
      .numbers.find((row: { e164: string }) => row.e164 === '+14155550123');
    // Both changes are queued before any job runs; a runner free to run them side by side would have each
    // see no rule yet and create one.
    await jobs.stop();
    for (let change = 0; change < 2; change++) {
      expect((await send('PATCH', `/phone/numbers/${number.id}`, { agentId })).statusCode).toBe(200);
    }
    jobs = await startJobs(t, jobsEnv);
    await until(
      async () =>
        (
          await sql<{ count: number | string }>`
            select count(*) as count from graphile_worker._private_jobs j
              join graphile_worker._private_tasks task on task.id = j.task_id
             where task.identifier = 'sync_phone_number'`.execute(t.database.owner)
        ).rows[0]?.count,
      (count) => Number(count) === 0,
    );
    expect((await get(`/phone/numbers/${number.id}`)).json()).toMatchObject({ status: 'ready' });
    expect(livekit.dispatchRules.size).toBe(1);
  });
});

describe('an inbound call the worker refused', () => {
  it('shows which limit refused it in the call detail and the list', async () => {
    // As the worker records it when the phone rings over the organization's limits
    // (core/calls/start-inbound-phone-call.ts).
    const call = await t.database.owner
      .insertInto('calls')
      .values({
        organizationId: orgId,
        agentId,
        agentVersion: 1,
        channel: 'phone',
        direction: 'inbound',
        roomName: 'call-in-refused',
        fromNumber: '+4930123456',
        toNumber: '+14155550123',
        phoneStatus: 'answered',
        status: 'ended',
        endReason: 'refused',
        refusalReason: 'CONCURRENT_CALL_LIMIT',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const detail = await get(`/calls/${call.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({
      endReason: 'refused',
      phone: { direction: 'inbound', refusalReason: 'CONCURRENT_CALL_LIMIT' },
    });
    const listed = (await get('/calls')).json().calls;
    expect(listed.find((row: { id: string }) => row.id === call.id)?.phone.refusalReason).toBe(
      'CONCURRENT_CALL_LIMIT',
    );
    // Only an inbound phone call can carry one.
    await expect(
      t.database.owner
        .updateTable('calls')
        .set({ direction: 'outbound' })
        .where('id', '=', call.id)
        .execute(),
    ).rejects.toThrow(/calls_refusal_reason_inbound_check/);
  });
});
