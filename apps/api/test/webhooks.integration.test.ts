import type {
  WebhookDelivery,
  WebhookEndpoint,
  WebhookEndpointWithSecret,
} from '@switchboard/contracts/webhooks';
import type { JobRunner } from '@switchboard/core/jobs/run-jobs';
import { createSecretBox, generateSecretsKeyPair } from '@switchboard/core/secrets/secret-box';
import {
  deliverWebhook,
  WEBHOOK_DISABLE_AFTER_FAILED_DELIVERIES,
  type WebhookDeliveryDeps,
} from '@switchboard/core/webhooks/deliver-webhook';
import { enqueueWebhookEvent } from '@switchboard/core/webhooks/enqueue-webhook-event';
import { resealWebhookSecrets } from '@switchboard/core/webhooks/reseal-webhook-secrets';
import { withTenant } from '@switchboard/db/tenant';
import { createEgressGuard } from '@switchboard/tools/egress/egress-guard';
import { startTestServer, type TestServer } from '@switchboard/tools/testing/test-server';
import { sql } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
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

let t: TestApp;
let admin: TestUser;
let orgId: string;
let receiver: TestServer;
let jobs: JobRunner | undefined;
/** What /flaky answers next, one status per request (then 200). */
const flakyStatuses: number[] = [];
const allowLocal = createEgressGuard({ allow: ['127.0.0.1'] });
const refuseLocal = createEgressGuard();

beforeAll(async () => {
  t = await createTestApp({ egressAllow: ['127.0.0.1'] });
  receiver = await startTestServer({
    '/ok': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('thanks');
    },
    '/flaky': (_req, res) => {
      const status = flakyStatuses.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain' });
      res.end(status === 200 ? 'ok' : 'x'.repeat(5000));
    },
    '/down': (_req, res) => {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('maintenance');
    },
    '/moved': (_req, res) => {
      res.writeHead(302, { location: `${receiver.baseUrl}/ok` });
      res.end();
    },
  });
  admin = await signUp(t);
  orgId = await createOrganization(t, admin, 'Acme Dental');
});

afterAll(async () => {
  await jobs?.stop();
  await allowLocal.close();
  await refuseLocal.close();
  await receiver?.close();
  await t?.close();
});

async function createEndpoint(
  path: string,
  eventTypes: string[] = ['call.ended', 'credits.low'],
  org = orgId,
  user = admin,
): Promise<WebhookEndpointWithSecret> {
  const response = await request(t, user, {
    method: 'POST',
    url: `/api/v1/orgs/${org}/webhooks`,
    payload: { url: `${receiver.baseUrl}${path}`, description: path, eventTypes },
  });
  expect(response.statusCode, response.body).toBe(201);
  expect(response.headers['cache-control']).toBe('no-store');
  return response.json();
}

/** Queues an event the way every emitter does (in the worker tier's transaction). */
function emit(type: 'call.ended' | 'credits.low', data: Record<string, unknown>, org = orgId) {
  return withTenant(t.database.worker, { orgId: org }, (tx) =>
    enqueueWebhookEvent(tx, { organizationId: org, type, data }),
  );
}

async function deliveriesOf(endpointId: string, org = orgId, user = admin): Promise<WebhookDelivery[]> {
  const response = await request(t, user, {
    method: 'GET',
    url: `/api/v1/orgs/${org}/webhooks/${endpointId}/deliveries`,
  });
  expect(response.statusCode, response.body).toBe(200);
  return response.json().deliveries;
}

/** The job payloads queued for webhook deliveries of `deliveryId`, oldest first. */
async function queuedAttempts(deliveryId: string) {
  const { rows } = await sql<{ payload: Record<string, string>; runAt: Date }>`
    select j.payload, j.run_at as "runAt" from graphile_worker._private_jobs j
      join graphile_worker._private_tasks task on task.id = j.task_id
     where task.identifier = 'deliver_webhook'`.execute(t.database.owner);
  return rows
    .filter((row) => row.payload.deliveryId === deliveryId)
    .map((row) => ({ attempt: row.payload.attempt, runAt: new Date(row.runAt) }));
}

async function queuedJobCount(): Promise<number> {
  const { rows } = await sql<{ count: string }>`
    select count(*) as count from graphile_worker._private_jobs`.execute(t.database.owner);
  return Number(rows[0]?.count);
}

function deps(overrides: Partial<WebhookDeliveryDeps> = {}): WebhookDeliveryDeps {
  return {
    workerDb: t.database.worker,
    secretBox: t.workerSecretBox,
    egress: allowLocal,
    retryDelaysSeconds: [0, 0],
    ...overrides,
  };
}

describe('outgoing webhooks', () => {
  it('delivers through the job queue, signed so that standardwebhooks verifies it', async () => {
    const { endpoint, secret } = await createEndpoint('/ok');
    expect(secret).toMatch(/^whsec_/);
    // The list never carries the secret.
    const list = await request(t, admin, { method: 'GET', url: `/api/v1/orgs/${orgId}/webhooks` });
    expect(list.body).not.toContain(secret);
    expect(list.json().endpoints.map((e: WebhookEndpoint) => e.id)).toContain(endpoint.id);
    // Neither does the row the API can read: it holds a sealed value only the worker tier opens.
    const row = await t.database.owner
      .selectFrom('webhookEndpoints')
      .select('secretCiphertext')
      .where('id', '=', endpoint.id)
      .executeTakeFirstOrThrow();
    expect(row.secretCiphertext).not.toContain(secret.slice(6));

    jobs = await startJobs(t);
    expect(await emit('call.ended', { call: { id: 'c1' } })).toBe(1);
    await vi.waitFor(() => expect(receiver.requests.filter((r) => r.path === '/ok')).toHaveLength(1), {
      timeout: 20_000,
      interval: 100,
    });
    // The runner's part is shown; the other tests run attempts one at a time, by hand. Stopped once it has
    // marked its jobs done, so that no completion of its is still on the way.
    await vi.waitFor(async () => expect(await queuedJobCount()).toBe(0), { timeout: 20_000, interval: 100 });
    await jobs.stop();
    jobs = undefined;
    const received = receiver.requests.find((r) => r.path === '/ok')!;
    const headers = received.headers as Record<string, string>;
    const verified = new Webhook(secret).verify(received.rawBody, headers) as { type: string; data: unknown };
    expect(verified.type).toBe('call.ended');
    expect(verified.data).toEqual({ call: { id: 'c1' } });
    // Tampering is caught.
    expect(() => new Webhook(secret).verify(received.rawBody.replace('c1', 'c2'), headers)).toThrow();

    const [delivery] = await deliveriesOf(endpoint.id);
    expect(delivery).toMatchObject({ id: headers['webhook-id'], status: 'succeeded', attemptCount: 1 });
    expect(delivery?.attempts[0]).toMatchObject({ responseStatus: 200, responseBody: 'thanks', error: null });
    expect(delivery?.attempts[0]?.responseTimeMs).toBeGreaterThanOrEqual(0);
  });

  it('retries a 500 on the schedule with the same webhook-id, then succeeds, and logs every attempt', async () => {
    const { endpoint, secret } = await createEndpoint('/flaky', ['credits.low']);
    flakyStatuses.push(500);
    await emit('credits.low', { balanceCredits: 1 });
    const [pending] = await deliveriesOf(endpoint.id);
    const payload = { organizationId: orgId, deliveryId: pending!.id, attempt: '1' };
    await deliverWebhook(deps({ retryDelaysSeconds: [3600] }), payload);

    const [afterFirst] = await deliveriesOf(endpoint.id);
    expect(afterFirst).toMatchObject({ status: 'pending', attemptCount: 1 });
    expect(afterFirst?.attempts[0]).toMatchObject({ responseStatus: 500, error: 'HTTP 500' });
    expect(afterFirst?.attempts[0]?.responseBody).toHaveLength(2000);
    // The next attempt waits in the queue, an hour on (the delay given), not now.
    const next = (await queuedAttempts(pending!.id)).find((job) => job.attempt === '2');
    expect(next).toBeDefined();
    expect(next!.runAt.getTime() - new Date(afterFirst!.attempts[0]!.startedAt).getTime()).toBeGreaterThan(
      3500_000,
    );

    // Running attempt 1 again (a job retried after a crash) sends nothing.
    const before = receiver.requests.length;
    await deliverWebhook(deps(), payload);
    expect(receiver.requests.length).toBe(before);

    await deliverWebhook(deps({ retryDelaysSeconds: [3600] }), { ...payload, attempt: '2' });
    const [done] = await deliveriesOf(endpoint.id);
    expect(done).toMatchObject({ status: 'succeeded', attemptCount: 2 });
    expect(done?.attempts.map((a) => a.responseStatus)).toEqual([500, 200]);
    const flaky = receiver.requests.filter((r) => r.path === '/flaky');
    expect(new Set(flaky.map((r) => r.headers['webhook-id']))).toEqual(new Set([pending!.id]));
    for (const r of flaky) new Webhook(secret).verify(r.rawBody, r.headers as Record<string, string>);
  });

  it('switches an endpoint off after repeated failed deliveries and emails the admins', async () => {
    const { endpoint } = await createEndpoint('/down', ['credits.low']);
    for (let i = 0; i < WEBHOOK_DISABLE_AFTER_FAILED_DELIVERIES; i++) {
      await emit('credits.low', { n: i });
    }
    const deliveries = await deliveriesOf(endpoint.id);
    expect(deliveries).toHaveLength(WEBHOOK_DISABLE_AFTER_FAILED_DELIVERIES);
    for (const delivery of deliveries) {
      for (const attempt of [1, 2, 3]) {
        await deliverWebhook(deps(), {
          organizationId: orgId,
          deliveryId: delivery.id,
          attempt: String(attempt),
        });
      }
    }
    const after = await deliveriesOf(endpoint.id);
    expect(after.every((d) => d.status === 'failed' && d.attemptCount === 3)).toBe(true);
    const list = await request(t, admin, { method: 'GET', url: `/api/v1/orgs/${orgId}/webhooks` });
    const off = list.json().endpoints.find((e: WebhookEndpoint) => e.id === endpoint.id);
    expect(off).toMatchObject({
      enabled: false,
      consecutiveFailures: WEBHOOK_DISABLE_AFTER_FAILED_DELIVERIES,
    });
    expect(off.disabledReason).toContain('HTTP 503');

    const emails = await t.database.owner
      .selectFrom('emailOutbox')
      .select(['toAddress', 'subject', 'textBody', 'html'])
      .where('template', '=', 'webhook-endpoint-disabled')
      .execute();
    expect(emails.map((e) => e.toAddress)).toEqual([admin.email]);
    expect(emails[0]?.textBody).toContain(`${receiver.baseUrl}/down`);
    expect(emails[0]?.html).toContain('switched off');

    // A switched-off endpoint gets no new deliveries; switching it on again forgets the failures.
    await emit('credits.low', { n: 'late' });
    expect(await deliveriesOf(endpoint.id)).toHaveLength(WEBHOOK_DISABLE_AFTER_FAILED_DELIVERIES);
    const on = await request(t, admin, {
      method: 'PATCH',
      url: `/api/v1/orgs/${orgId}/webhooks/${endpoint.id}`,
      payload: { enabled: true },
    });
    expect(on.json()).toMatchObject({ enabled: true, consecutiveFailures: 0, disabledReason: null });

    // Manual redelivery: one more attempt with the same id, logged as manual.
    const redeliver = await request(t, admin, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/webhooks/${endpoint.id}/deliveries/${after[0]!.id}/redeliver`,
    });
    expect(redeliver.statusCode, redeliver.body).toBe(202);
    await deliverWebhook(deps(), {
      organizationId: orgId,
      deliveryId: after[0]!.id,
      attempt: '4',
      manual: '1',
    });
    const [redelivered] = (await deliveriesOf(endpoint.id)).filter((d) => d.id === after[0]!.id);
    expect(redelivered?.attempts.at(-1)).toMatchObject({ attempt: 4, isManual: true, responseStatus: 503 });
    // A delivery still in its schedule cannot be redelivered.
    await emit('credits.low', { n: 'new' });
    const [fresh] = await deliveriesOf(endpoint.id);
    const refused = await request(t, admin, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/webhooks/${endpoint.id}/deliveries/${fresh!.id}/redeliver`,
    });
    expect(refused.statusCode).toBe(409);
  });

  it('refuses 127.0.0.1 unless EGRESS_ALLOW allows it, and follows no redirect', async () => {
    const { endpoint } = await createEndpoint('/ok', ['credits.low']);
    const { endpoint: moved } = await createEndpoint('/moved', ['credits.low']);
    await emit('credits.low', { n: 'egress' });
    const [delivery] = await deliveriesOf(endpoint.id);
    const before = receiver.requests.length;
    await deliverWebhook(deps({ egress: refuseLocal, retryDelaysSeconds: [] }), {
      organizationId: orgId,
      deliveryId: delivery!.id,
      attempt: '1',
    });
    expect(receiver.requests.length).toBe(before);
    const [refused] = await deliveriesOf(endpoint.id);
    expect(refused).toMatchObject({ status: 'failed' });
    expect(refused?.attempts[0]?.responseStatus).toBeNull();
    expect(refused?.attempts[0]?.error).toMatch(/127\.0\.0\.1/);

    const [movedDelivery] = await deliveriesOf(moved.id);
    await deliverWebhook(deps({ retryDelaysSeconds: [] }), {
      organizationId: orgId,
      deliveryId: movedDelivery!.id,
      attempt: '1',
    });
    const [notFollowed] = await deliveriesOf(moved.id);
    expect(notFollowed?.attempts[0]).toMatchObject({ responseStatus: 302 });
    expect(notFollowed?.attempts[0]?.error).toContain('redirects are not followed');

    // Saving an endpoint the API's guard refuses is a 400 on `url`.
    const strict = await createTestApp();
    try {
      const owner = await signUp(strict);
      const org = await createOrganization(strict, owner);
      const response = await request(strict, owner, {
        method: 'POST',
        url: `/api/v1/orgs/${org}/webhooks`,
        payload: { url: 'http://127.0.0.1:9/hook', eventTypes: ['call.ended'] },
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details[0].path).toBe('url');
    } finally {
      await strict.close();
    }
  });

  it('records a secret that does not open as a failed attempt, sending nothing', async () => {
    const { endpoint } = await createEndpoint('/ok', ['credits.low']);
    await t.database.owner
      .updateTable('webhookEndpoints')
      .set({ secretCiphertext: 'v2.deadbeef.sealed-for-another-key-pair' })
      .where('id', '=', endpoint.id)
      .execute();
    await emit('credits.low', { n: 'unopenable' });
    const [delivery] = await deliveriesOf(endpoint.id);
    const before = receiver.requests.length;
    await deliverWebhook(deps({ retryDelaysSeconds: [] }), {
      organizationId: orgId,
      deliveryId: delivery!.id,
      attempt: '1',
    });
    expect(receiver.requests.length).toBe(before);
    const [failed] = await deliveriesOf(endpoint.id);
    expect(failed).toMatchObject({ status: 'failed' });
    expect(failed?.attempts[0]?.error).toContain('rotate it');
  });

  it('re-seals signing secrets for a new key pair, and they still sign', async () => {
    const { endpoint, secret } = await createEndpoint('/ok', ['credits.low']);
    const next = generateSecretsKeyPair();
    const rotating = createSecretBox({
      privateKey: next.privateKey,
      previousPrivateKeys: [t.secretsKeyPair.privateKey],
    });
    const databases = { systemDb: t.database.system, workerDb: t.database.worker };
    const first = await resealWebhookSecrets(databases, rotating);
    expect(first.resealed).toBeGreaterThan(0);
    expect(first.resealed).toBe(first.checked - first.unopenable.length);
    expect((await resealWebhookSecrets(databases, rotating)).resealed).toBe(0);
    // Only the new key now: the endpoint's deliveries still verify with the secret shown at creation.
    await emit('credits.low', { n: 'resealed' });
    const [delivery] = await deliveriesOf(endpoint.id);
    await deliverWebhook(deps({ secretBox: createSecretBox({ privateKey: next.privateKey }) }), {
      organizationId: orgId,
      deliveryId: delivery!.id,
      attempt: '1',
    });
    const received = receiver.requests.findLast((r) => r.headers['webhook-id'] === delivery!.id)!;
    expect(() =>
      new Webhook(secret).verify(received.rawBody, received.headers as Record<string, string>),
    ).not.toThrow();
  });

  it('rejects bad input naming the field', async () => {
    for (const payload of [
      { url: 'ftp://x.test', eventTypes: ['call.ended'] },
      { url: 'https://x.test', eventTypes: [] },
      { url: 'https://x.test', eventTypes: ['call.exploded'] },
    ]) {
      const response = await request(t, admin, {
        method: 'POST',
        url: `/api/v1/orgs/${orgId}/webhooks`,
        payload,
      });
      expect(response.statusCode, response.body).toBe(400);
    }
  });

  it('rotates the secret: later attempts verify with the new one only', async () => {
    const { endpoint, secret } = await createEndpoint('/ok', ['credits.low']);
    const rotated = await request(t, admin, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/webhooks/${endpoint.id}/rotate-secret`,
    });
    expect(rotated.statusCode).toBe(200);
    const newSecret = rotated.json().secret as string;
    expect(newSecret).not.toBe(secret);
    await emit('credits.low', { n: 'rotated' });
    const [delivery] = await deliveriesOf(endpoint.id);
    await deliverWebhook(deps(), { organizationId: orgId, deliveryId: delivery!.id, attempt: '1' });
    const received = receiver.requests.findLast((r) => r.headers['webhook-id'] === delivery!.id)!;
    const headers = received.headers as Record<string, string>;
    expect(() => new Webhook(newSecret).verify(received.rawBody, headers)).not.toThrow();
    expect(() => new Webhook(secret).verify(received.rawBody, headers)).toThrow();
  });

  it('keeps organizations apart and needs webhooks:manage', async () => {
    const { endpoint } = await createEndpoint('/ok', ['credits.low']);
    const other = await signUp(t);
    const otherOrg = await createOrganization(t, other, 'Other Org');
    // B's admin sees none of A's endpoints, deliveries, or can change them.
    const list = await request(t, other, { method: 'GET', url: `/api/v1/orgs/${otherOrg}/webhooks` });
    expect(list.json().endpoints).toEqual([]);
    for (const [method, url] of [
      ['GET', `/api/v1/orgs/${otherOrg}/webhooks/${endpoint.id}/deliveries`],
      ['PATCH', `/api/v1/orgs/${otherOrg}/webhooks/${endpoint.id}`],
      ['DELETE', `/api/v1/orgs/${otherOrg}/webhooks/${endpoint.id}`],
      ['POST', `/api/v1/orgs/${otherOrg}/webhooks/${endpoint.id}/rotate-secret`],
    ] as const) {
      const response = await request(t, other, {
        method,
        url,
        ...(method === 'PATCH' && { payload: { enabled: false } }),
      });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
    }
    // …nor through A's URLs.
    const outsider = await request(t, other, { method: 'GET', url: `/api/v1/orgs/${orgId}/webhooks` });
    expect(outsider.statusCode).toBe(404);
    // An event of B reaches none of A's endpoints.
    expect(await emit('credits.low', { n: 'b' }, otherOrg)).toBe(0);
    // A member (no webhooks:manage) is refused.
    const member = await addMember(t, orgId, 'member');
    const denied = await request(t, member, { method: 'GET', url: `/api/v1/orgs/${orgId}/webhooks` });
    expect(denied.statusCode).toBe(403);
  });
});
