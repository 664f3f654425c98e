import type { JobRunner } from '@switchboard/core/jobs/run-jobs';
import { WHILE_WAITING } from '@switchboard/tools/presets/preset';
import { SHOPIFY_API_VERSION } from '@switchboard/tools/presets/shopify';
import {
  type FakeHubSpot,
  type FakeShopify,
  type FakeZendesk,
  startFakeHubSpot,
  startFakeShopify,
  startFakeZendesk,
} from '@switchboard/tools/testing/fake-business-apis';
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
  testSecret,
} from './harness.ts';

/*
 * Presets against local fakes of Zendesk, HubSpot and Shopify (their real paths, auth and JSON shapes).
 * A preset only ever builds URLs on the provider's own domain, so to reach a fake the test does what a
 * person could do on the tool's page: it moves the created tool's functions to the fake's origin with the
 * ordinary update (giving the secrets again, as moving a tool with secrets requires), and runs each function
 * as a test run in the worker tier, whose egress guard allows 127.0.0.1 (EGRESS_ALLOW, see startJobs).
 * Nothing in the product knows about the fakes.
 */

let t: TestApp;
let admin: TestUser;
let orgId: string;
let jobs: JobRunner;
let zendesk: FakeZendesk;
let hubspot: FakeHubSpot;
let shopify: FakeShopify;
const zendeskToken = testSecret();
const hubspotToken = testSecret();
const shopifyToken = testSecret();

beforeAll(async () => {
  t = await createTestApp();
  admin = await signUp(t);
  orgId = await createOrganization(t, admin, 'Acme Support');
  zendesk = await startFakeZendesk({ email: 'agent@acme.example', apiToken: zendeskToken });
  hubspot = await startFakeHubSpot(hubspotToken);
  shopify = await startFakeShopify(shopifyToken, SHOPIFY_API_VERSION);
  jobs = await startJobs(t);
});
afterAll(async () => {
  await jobs.stop();
  await Promise.all([zendesk.close(), hubspot.close(), shopify.close()]);
  await t.close();
});

const createPreset = (payload: object, user: TestUser = admin) =>
  request(t, user, { method: 'POST', url: `/api/v1/orgs/${orgId}/tools/presets`, payload });

type Fn = { name: string; url: string };

/** Creates the preset's tool, checks it reaches only `origin`, and moves it to the fake's origin. */
async function presetAtFake(
  payload: object,
  origin: string,
  fakeUrl: string,
  secrets: Record<string, string>,
) {
  const created = await createPreset(payload);
  expect(created.statusCode).toBe(201);
  const tool = created.json();
  expect(tool).toMatchObject({ kind: 'http', status: 'ready', missingSecrets: [] });
  expect(tool.secrets.map((s: { name: string }) => s.name).sort()).toEqual(Object.keys(secrets).sort());
  for (const fn of tool.config.functions as Fn[]) expect(new URL(fn.url).origin).toBe(origin);
  const url = `/api/v1/orgs/${orgId}/tools/${tool.id}`;
  const moved = await request(t, admin, {
    method: 'PATCH',
    url,
    payload: {
      config: {
        ...tool.config,
        functions: tool.config.functions.map((fn: Fn) => ({ ...fn, url: fn.url.replace(origin, fakeUrl) })),
      },
      secrets,
    },
  });
  expect(moved.statusCode).toBe(200);
  expect(moved.json().droppedSecrets).toEqual([]);
  return { tool, url };
}

async function run(toolUrl: string, functionName: string, args: object) {
  const started = await request(t, admin, {
    method: 'POST',
    url: `${toolUrl}/test-runs`,
    payload: { functionName, arguments: args },
  });
  expect(started.statusCode).toBe(202);
  const url = `${toolUrl}/test-runs/${started.json().id}`;
  return vi.waitFor(
    async () => {
      const outcome = (await request(t, admin, { method: 'GET', url })).json();
      if (outcome.status === 'pending') throw new Error('still pending');
      return outcome;
    },
    { timeout: 15_000, interval: 100 },
  );
}

describe('the preset catalog', () => {
  it('lists Zendesk, HubSpot and Shopify with their form fields and functions', async () => {
    const { presets } = (await request(t, admin, { method: 'GET', url: '/api/v1/tool-catalog' })).json();
    expect(
      presets.map((p: { id: string; fields: { name: string }[]; functions: { name: string }[] }) => [
        p.id,
        p.fields.map((f) => f.name),
        p.functions.map((f) => f.name),
      ]),
    ).toEqual([
      [
        'zendesk',
        ['domain', 'email', 'apiToken'],
        ['find_ticket', 'find_tickets_by_email', 'create_ticket', 'add_ticket_comment'],
      ],
      [
        'hubspot',
        ['accessToken'],
        ['find_contact_by_phone', 'find_contact_by_email', 'create_contact', 'log_call_note'],
      ],
      [
        'shopify',
        ['domain', 'accessToken'],
        ['find_order_by_number', 'find_orders_by_email', 'find_customer_by_phone'],
      ],
    ]);
    // Written for a voice model: a lookup or a creation says what to ask the caller before calling it, and
    // what to say while it runs.
    for (const preset of presets) {
      for (const fn of preset.functions as { name: string; description: string }[]) {
        expect(fn.description.length).toBeGreaterThan(100);
        if (/^(find|create)_/.test(fn.name)) {
          expect(fn.description, fn.name).toMatch(/\bask\b/i);
          expect(fn.description, fn.name).toContain(WHILE_WAITING);
        }
      }
    }
  });
});

describe('the account domain', () => {
  it.each([
    ['evil.example.com'],
    ['acme.zendesk.com.evil.example'],
    ['acme.zendesk.com/api/v2'],
    ['acme.zendesk.com:8443'],
    ['http://acme.zendesk.com'],
    ['user@acme.zendesk.com'],
    ['zendesk.com'],
    ['127.0.0.1'],
    ['a.b.zendesk.com'],
  ])('refuses %s for Zendesk, naming the field', async (domain) => {
    const response = await createPreset({
      preset: 'zendesk',
      domain,
      email: 'agent@acme.example',
      apiToken: testSecret(),
    });
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(response.json())).toContain('domain');
  });

  it('refuses a Shopify custom domain: only the myshopify.com address', async () => {
    const response = await createPreset({
      preset: 'shopify',
      domain: 'shop.acme.com',
      accessToken: testSecret(),
    });
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(response.json())).toContain('myshopify.com');
  });

  it('forgives a pasted https:// and trailing slash, and capitals', async () => {
    const response = await createPreset({
      preset: 'shopify',
      name: 'Shop',
      domain: ' https://Acme-Store.myshopify.com/ ',
      accessToken: testSecret(),
    });
    expect(response.statusCode).toBe(201);
    expect(response.json().config.functions[0].url).toMatch(
      new RegExp(`^https://acme-store\\.myshopify\\.com/admin/api/${SHOPIFY_API_VERSION}/orders\\.json\\?`),
    );
  });

  it('needs the secrets permission: a member (tools:write only) is refused', async () => {
    const member = await addMember(t, orgId, 'member');
    const response = await createPreset({ preset: 'hubspot', accessToken: testSecret() }, member);
    expect(response.statusCode).toBe(403);
  });
});

describe('Zendesk', () => {
  let toolUrl: string;
  beforeAll(async () => {
    ({ url: toolUrl } = await presetAtFake(
      { preset: 'zendesk', domain: 'acme.zendesk.com', email: 'agent@acme.example', apiToken: zendeskToken },
      'https://acme.zendesk.com',
      zendesk.baseUrl,
      { zendesk_user: 'agent@acme.example/token', zendesk_api_token: zendeskToken },
    ));
  });

  it('finds a ticket by number with API token basic auth', async () => {
    const outcome = await run(toolUrl, 'find_ticket', { ticket_id: 4312 });
    expect(outcome).toMatchObject({ status: 'succeeded', error: null });
    expect(outcome.result.ticket).toMatchObject({ id: 4312, status: 'pending' });
    expect(zendesk.requests.at(-1)).toMatchObject({ method: 'GET', path: '/api/v2/tickets/4312.json' });
  });

  it('finds tickets by the requester’s email through the search API', async () => {
    const outcome = await run(toolUrl, 'find_tickets_by_email', { email: 'maria@example.com' });
    expect(outcome.status).toBe('succeeded');
    expect(outcome.result).toMatchObject({ count: 1, results: [{ id: 4312, result_type: 'ticket' }] });
    expect(zendesk.requests.at(-1)?.query).toMatchObject({
      query: ['type:ticket requester:maria@example.com'],
      sort_by: ['updated_at'],
    });
  });

  it('creates a ticket and adds an internal comment to it', async () => {
    const created = await run(toolUrl, 'create_ticket', {
      requester_name: 'Sam "Sammy" Lee',
      requester_email: 'sam@example.com',
      subject: 'Cannot log in',
      description: 'Password reset mail never arrives.\nTried twice.',
    });
    expect(created.status).toBe('succeeded');
    const id = created.result.ticket.id;
    expect(created.result.ticket).toMatchObject({ subject: 'Cannot log in', status: 'new' });
    expect(zendesk.users.at(-1)).toMatchObject({ name: 'Sam "Sammy" Lee', email: 'sam@example.com' });

    const commented = await run(toolUrl, 'add_ticket_comment', { ticket_id: id, comment: 'Called again.' });
    expect(commented.status).toBe('succeeded');
    expect(zendesk.comments).toEqual([{ ticketId: id, body: 'Called again.', public: false }]);
  });

  it('tells the model when a ticket does not exist', async () => {
    const outcome = await run(toolUrl, 'find_ticket', { ticket_id: 999 });
    expect(outcome).toMatchObject({ status: 'failed' });
    expect(outcome.error).toMatch(/404/);
  });
});

describe('HubSpot', () => {
  let toolUrl: string;
  beforeAll(async () => {
    ({ url: toolUrl } = await presetAtFake(
      { preset: 'hubspot', accessToken: hubspotToken },
      'https://api.hubapi.com',
      hubspot.baseUrl,
      { hubspot_access_token: hubspotToken },
    ));
  });

  it('finds a contact by phone and by email with the private app token', async () => {
    const byPhone = await run(toolUrl, 'find_contact_by_phone', { phone: '+1 415 555 0123' });
    expect(byPhone.status).toBe('succeeded');
    expect(byPhone.result).toMatchObject({
      total: 1,
      results: [{ id: '51', properties: { firstname: 'Maria' } }],
    });
    expect(hubspot.requests.at(-1)?.headers.authorization).toBe(`Bearer ${hubspotToken}`);

    const byEmail = await run(toolUrl, 'find_contact_by_email', { email: 'maria@example.com' });
    expect(byEmail.result).toMatchObject({ total: 1, results: [{ id: '51' }] });
    const nobody = await run(toolUrl, 'find_contact_by_email', { email: 'nobody@example.com' });
    expect(nobody.result).toMatchObject({ total: 0, results: [] });
  });

  it('creates a contact and logs a call note on it, timed by Switchboard', async () => {
    const created = await run(toolUrl, 'create_contact', {
      first_name: 'Sam',
      last_name: 'Lee',
      phone: '+14155550199',
    });
    expect(created.status).toBe('succeeded');
    const contactId = created.result.id;
    expect(created.result.properties).toMatchObject({
      firstname: 'Sam',
      lastname: 'Lee',
      phone: '+14155550199',
    });

    const logged = await run(toolUrl, 'log_call_note', {
      contact_id: contactId,
      note: 'Asked about prices.',
    });
    expect(logged.status).toBe('succeeded');
    const note = hubspot.notes.at(-1);
    expect(note?.properties.hs_note_body).toBe('Asked about prices.');
    // The time of the request, filled in by Switchboard ({{$now}}), not a guess of the model's.
    expect(note?.properties.hs_timestamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(note?.associations).toEqual([
      { to: { id: contactId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 }] },
    ]);
  });
});

describe('Shopify', () => {
  let toolUrl: string;
  beforeAll(async () => {
    ({ url: toolUrl } = await presetAtFake(
      { preset: 'shopify', domain: 'acme.myshopify.com', accessToken: shopifyToken },
      'https://acme.myshopify.com',
      shopify.baseUrl,
      { shopify_access_token: shopifyToken },
    ));
  });

  it('finds an order by number with the pinned Admin API version, without addresses', async () => {
    const outcome = await run(toolUrl, 'find_order_by_number', { order_number: '1001' });
    expect(outcome.status).toBe('succeeded');
    expect(outcome.result.orders).toHaveLength(1);
    expect(outcome.result.orders[0]).toMatchObject({
      name: '#1001',
      fulfillment_status: 'fulfilled',
      fulfillments: [{ tracking_company: 'DHL' }],
    });
    expect(outcome.result.orders[0]).not.toHaveProperty('shipping_address');
    expect(shopify.requests.at(-1)).toMatchObject({
      path: `/admin/api/${SHOPIFY_API_VERSION}/orders.json`,
      query: { name: ['#1001'], status: ['any'] },
      headers: { 'x-shopify-access-token': shopifyToken },
    });
  });

  it('lists a customer’s recent orders by email, newest first', async () => {
    const outcome = await run(toolUrl, 'find_orders_by_email', { email: 'maria@example.com' });
    expect(outcome.result.orders.map((o: { name: string }) => o.name)).toEqual(['#1002', '#1001']);
  });

  it('recognizes a customer by phone', async () => {
    const outcome = await run(toolUrl, 'find_customer_by_phone', { phone: '+14155550123' });
    expect(outcome.result.customers).toEqual([
      {
        first_name: 'Maria',
        last_name: 'Lopez',
        email: 'maria@example.com',
        orders_count: 2,
        last_order_name: '#1002',
      },
    ]);
  });

  it('refuses an order number that is not digits before any request', async () => {
    const count = shopify.requests.length;
    const outcome = await run(toolUrl, 'find_order_by_number', { order_number: '1001&status=closed' });
    expect(outcome.status).toBe('failed');
    expect(shopify.requests.length).toBe(count);
  });
});
