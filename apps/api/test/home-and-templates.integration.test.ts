import { randomUUID } from 'node:crypto';
import { AGENT_TEMPLATES } from '@switchboard/contracts/agent-templates';
import type { HomeState } from '@switchboard/contracts/home';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createOrganization,
  createTestApp,
  request,
  signUp,
  TEST_GOOGLE,
  type TestApp,
  type TestUser,
} from './harness.ts';

let t: TestApp;
let withGoogle: TestApp;
let platformAdmin: TestUser;
let admin: TestUser;

beforeAll(async () => {
  [t, withGoogle] = await Promise.all([createTestApp(), createTestApp({ google: TEST_GOOGLE })]);
  platformAdmin = await signUp(t); // the first account is the platform admin, who grants credits below
  admin = await signUp(t, { name: 'Ada Admin' });
});
afterAll(async () => {
  await Promise.all([t.close(), withGoogle.close()]);
});

const fromTemplate = (
  app: TestApp,
  user: TestUser,
  orgId: string,
  template: string,
  name = 'From template',
) =>
  request(app, user, {
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/agents/from-template`,
    payload: { template, name },
  });

const toolsOf = async (app: TestApp, user: TestUser, orgId: string) =>
  (await request(app, user, { method: 'GET', url: `/api/v1/orgs/${orgId}/tools` })).json().tools as {
    id: string;
    kind: string;
    status: string;
  }[];

const homeOf = async (user: TestUser, orgId: string): Promise<HomeState> => {
  const response = await request(t, user, { method: 'GET', url: `/api/v1/orgs/${orgId}/home` });
  expect(response.statusCode).toBe(200);
  return response.json();
};

describe('agent templates', () => {
  it('blank: a greeting, no prompt, no tools', async () => {
    const orgId = await createOrganization(t, admin, 'Blank Co');
    const response = await fromTemplate(t, admin, orgId, 'blank', 'Front desk');
    expect(response.statusCode).toBe(201);
    const { agent, tools } = response.json();
    expect(agent).toMatchObject({ name: 'Front desk', version: 1, config: { systemPrompt: '', tools: [] } });
    expect(agent.config.greeting).toContain('{{organization_name}}');
    expect(tools).toEqual([]);
  });

  it('customer support creates a call-control tool once, then attaches the existing one', async () => {
    const orgId = await createOrganization(t, admin, 'Support Co');
    const first = await fromTemplate(t, admin, orgId, 'customer_support', 'Support');
    expect(first.statusCode).toBe(201);
    const created = first.json();
    const support = AGENT_TEMPLATES.find((template) => template.id === 'customer_support')!;
    expect(created.agent.config.systemPrompt).toBe(support.systemPrompt);
    expect(created.agent.config.greeting).toBe(support.greeting);
    const [tool] = await toolsOf(t, admin, orgId);
    expect(tool).toMatchObject({ kind: 'call_control', status: 'ready' });
    // No transfer number yet: transfer_call is not offered, so only end_call is on, and the note says why.
    expect(created.agent.config.tools).toEqual([{ toolId: tool!.id, functions: ['end_call'] }]);
    expect(created.tools).toEqual([
      {
        kind: 'call_control',
        outcome: 'created',
        toolId: tool!.id,
        message: expect.stringMatching(/Created “Call control”\. Set a transfer number/),
      },
    ]);

    await request(t, admin, {
      method: 'PATCH',
      url: `/api/v1/orgs/${orgId}/tools/${tool!.id}`,
      payload: { config: { transferNumber: '+14155550123' } },
    });
    const second = (await fromTemplate(t, admin, orgId, 'lead_qualification', 'Leads')).json();
    expect(second.agent.config.tools).toEqual([
      { toolId: tool!.id, functions: ['end_call', 'transfer_call'] },
    ]);
    expect(second.tools).toEqual([
      { kind: 'call_control', outcome: 'attached', toolId: tool!.id, message: 'Attached “Call control”.' },
    ]);
    expect(await toolsOf(t, admin, orgId)).toHaveLength(1);
  });

  it('appointment setter: no Calendar tool when Google is not configured, and says so', async () => {
    const orgId = await createOrganization(t, admin, 'No Google Co');
    const { agent, tools } = (await fromTemplate(t, admin, orgId, 'appointment_setter')).json();
    expect(tools[0]).toEqual({
      kind: 'google_calendar',
      outcome: 'missing',
      toolId: null,
      message: expect.stringMatching(/Google Calendar is not set up on this installation/),
    });
    expect((await toolsOf(t, admin, orgId)).map((tool) => tool.kind)).toEqual(['call_control']);
    expect(agent.config.tools).toHaveLength(1);
  });

  it('appointment setter: with Google configured, a Calendar tool waiting for its connection', async () => {
    const owner = await signUp(withGoogle);
    const orgId = await createOrganization(withGoogle, owner, 'Google Co');
    const response = await fromTemplate(withGoogle, owner, orgId, 'appointment_setter');
    expect(response.statusCode).toBe(201);
    const { agent, tools } = response.json();
    const calendar = (await toolsOf(withGoogle, owner, orgId)).find(
      (tool) => tool.kind === 'google_calendar',
    );
    expect(calendar).toMatchObject({ status: 'needs_connection' });
    expect(tools[0]).toMatchObject({
      outcome: 'created',
      toolId: calendar!.id,
      message: expect.stringMatching(/Connect a Google account/),
    });
    expect(agent.config.tools).toContainEqual({
      toolId: calendar!.id,
      functions: ['check_availability', 'list_events', 'create_event', 'reschedule_event', 'cancel_event'],
    });
  });

  it('order status never creates an HTTP tool (only the customer knows its address)', async () => {
    const orgId = await createOrganization(t, admin, 'Orders Co');
    const { tools } = (await fromTemplate(t, admin, orgId, 'order_status')).json();
    expect(tools[0]).toMatchObject({ kind: 'http', outcome: 'missing', toolId: null });
    expect((await toolsOf(t, admin, orgId)).map((tool) => tool.kind)).toEqual(['call_control']);

    const http = await request(t, admin, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/tools`,
      payload: {
        kind: 'http',
        name: 'Shop API',
        config: {
          functions: [
            {
              name: 'list_orders',
              description: 'Recent orders',
              parameters: { type: 'object', properties: {} },
              method: 'GET',
              url: 'https://shop.example.test/orders',
            },
          ],
        },
      },
    });
    expect(http.statusCode).toBe(201);
    const again = (await fromTemplate(t, admin, orgId, 'order_status', 'Orders again')).json();
    // Attached with nothing switched on: which of the customer's functions looks orders up is theirs to say.
    expect(again.agent.config.tools).toContainEqual({ toolId: http.json().id, functions: [] });
    expect(again.tools[0]).toEqual({
      kind: 'http',
      outcome: 'attached',
      toolId: http.json().id,
      message: 'Attached “Shop API”. Switch on the functions of “Shop API” the agent needs in its tools.',
    });
  });

  it('a role without tools:write gets the agent and a note instead of a new tool', async () => {
    const orgId = await createOrganization(t, admin, 'Custom Role Co');
    await t.database.owner
      .insertInto('roles')
      .values({ key: 'agent_writer', name: 'Agent writer', permissions: ['agents:read', 'agents:write'] })
      .onConflict((conflict) => conflict.doNothing())
      .execute();
    const writer = await addMember(t, orgId, 'agent_writer');
    const response = await fromTemplate(t, writer, orgId, 'customer_support');
    expect(response.statusCode).toBe(201);
    expect(response.json().tools).toEqual([
      {
        kind: 'call_control',
        outcome: 'missing',
        toolId: null,
        message: expect.stringMatching(/Ask someone who manages tools/),
      },
    ]);
    expect(await toolsOf(t, admin, orgId)).toEqual([]);
    const billing = await addMember(t, orgId, 'billing');
    expect((await fromTemplate(t, billing, orgId, 'customer_support')).statusCode).toBe(403);
  });

  it('refuses an unknown template, naming the field', async () => {
    const orgId = await createOrganization(t, admin, 'Typo Co');
    const response = await fromTemplate(t, admin, orgId, 'pirate');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: 'template' })]),
    );
  });
});

describe('home state', () => {
  it('ticks each step from what the organization has, and only its own', async () => {
    const orgId = await createOrganization(t, admin, 'Checklist Co');
    const otherId = await createOrganization(t, admin, 'Neighbour Co');
    const fresh = await homeOf(admin, orgId);
    expect(fresh).toEqual({
      checklist: [
        { key: 'create_agent', done: false, available: true },
        { key: 'add_tool', done: false, available: true },
        { key: 'chat', done: false, available: true },
        // The test installation has no LiveKit and no phone settings.
        { key: 'talk', done: false, available: false },
        { key: 'phone_number', done: false, available: false },
        { key: 'billing', done: false, available: true },
      ],
      recentCalls: [],
      month: { calls: 0, minutes: 0, spentCredits: 0 },
      balanceCredits: 100,
    });

    const { agent } = (await fromTemplate(t, admin, orgId, 'customer_support', 'Support')).json();
    const db = t.database.owner;
    const call = (channel: string, durationSeconds: number | null) => ({
      organizationId: orgId,
      agentId: agent.id,
      agentVersion: 1,
      channel,
      status: 'ended',
      roomName: `room-${randomUUID()}`,
      startedAt: new Date(),
      endedAt: new Date(),
      durationSeconds,
    });
    await db
      .insertInto('calls')
      .values([call('chat', null), call('web', 90)])
      .execute();
    await db.insertInto('phoneNumbers').values({ organizationId: orgId, e164: '+14155550100' }).execute();
    const grant = await request(t, platformAdmin, {
      method: 'POST',
      url: `/api/v1/admin/organizations/${orgId}/credits`,
      payload: { credits: 50, reason: 'Welcome' },
    });
    expect(grant.statusCode).toBeLessThan(300);

    const home = await homeOf(admin, orgId);
    expect(home.checklist.map(({ key, done }) => [key, done])).toEqual([
      ['create_agent', true],
      ['add_tool', true],
      ['chat', true],
      ['talk', true],
      ['phone_number', true],
      ['billing', true],
    ]);
    expect(home.recentCalls?.map((recent) => recent.channel).sort()).toEqual(['chat', 'web']);
    expect(home.month).toEqual({ calls: 1, minutes: 1.5, spentCredits: 0 });
    expect(home.balanceCredits).toBe(150);

    // The neighbour, in the same installation and with the same admin, sees none of it.
    const neighbour = await homeOf(admin, otherId);
    expect(neighbour.checklist.every((step) => !step.done)).toBe(true);
    expect(neighbour.recentCalls).toEqual([]);
  });

  it('leaves out calls and spending for members who may not read them', async () => {
    const orgId = await createOrganization(t, admin, 'Roles Co');
    const member = await addMember(t, orgId, 'member');
    const memberHome = await homeOf(member, orgId);
    expect(memberHome.recentCalls).toEqual([]);
    expect(memberHome.month).toEqual({ calls: 0, minutes: 0, spentCredits: null });
    expect(memberHome.balanceCredits).toBe(100);

    await t.database.owner
      .insertInto('roles')
      .values({ key: 'viewer_home', name: 'Agents only', permissions: ['agents:read'] })
      .onConflict((conflict) => conflict.doNothing())
      .execute();
    const viewer = await addMember(t, orgId, 'viewer_home');
    const viewerHome = await homeOf(viewer, orgId);
    expect(viewerHome.recentCalls).toBeNull();
    expect(viewerHome.month).toBeNull();
    expect(viewerHome.checklist).toHaveLength(6);
  });

  it('is not found for someone outside the organization', async () => {
    const orgId = await createOrganization(t, admin, 'Private Co');
    const outsider = await signUp(t);
    const response = await request(t, outsider, { method: 'GET', url: `/api/v1/orgs/${orgId}/home` });
    expect(response.statusCode).toBe(404);
  });
});
