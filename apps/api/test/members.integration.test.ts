import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createOrganization,
  createTestApp,
  request,
  signUp,
  type TestApp,
  type TestUser,
} from './harness.ts';

let t: TestApp;
let admin: TestUser;
let orgId: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signUp(t);
  orgId = await createOrganization(t, admin);
});
afterAll(() => t.close());

describe('members', () => {
  it('lists members with name, email and role', async () => {
    const member = await addMember(t, orgId, 'member');
    const response = await request(t, admin, { method: 'GET', url: `/api/v1/orgs/${orgId}/members` });
    expect(response.statusCode).toBe(200);
    expect(response.json().members).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: admin.id, email: admin.email, role: 'org_admin' }),
        expect.objectContaining({ userId: member.id, email: member.email, role: 'member' }),
      ]),
    );
  });

  it("changes a member's role, and the member sees it", async () => {
    const member = await addMember(t, orgId, 'member');
    const changed = await request(t, admin, {
      method: 'PATCH',
      url: `/api/v1/orgs/${orgId}/members/${member.id}`,
      payload: { role: 'billing' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().role).toBe('billing');
    const seen = (await request(t, member, { method: 'GET', url: `/api/v1/orgs/${orgId}` })).json();
    expect(seen.role).toBe('billing');
    expect(seen.permissions).toContain('billing:manage');
    expect(seen.permissions).not.toContain('members:manage');
  });

  it('an unknown role is a validation error naming role', async () => {
    const member = await addMember(t, orgId, 'member');
    const response = await request(t, admin, {
      method: 'PATCH',
      url: `/api/v1/orgs/${orgId}/members/${member.id}`,
      payload: { role: 'overlord' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details).toEqual([expect.objectContaining({ path: 'role' })]);
  });

  it('the last org_admin can be neither demoted nor removed', async () => {
    const soloAdmin = await signUp(t);
    const soloOrg = await createOrganization(t, soloAdmin, 'Solo');
    const demote = await request(t, soloAdmin, {
      method: 'PATCH',
      url: `/api/v1/orgs/${soloOrg}/members/${soloAdmin.id}`,
      payload: { role: 'member' },
    });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.code).toBe('LAST_ADMIN');
    const remove = await request(t, soloAdmin, {
      method: 'DELETE',
      url: `/api/v1/orgs/${soloOrg}/members/${soloAdmin.id}`,
    });
    expect(remove.statusCode).toBe(409);

    const second = await addMember(t, soloOrg, 'org_admin');
    const demoteNow = await request(t, second, {
      method: 'PATCH',
      url: `/api/v1/orgs/${soloOrg}/members/${soloAdmin.id}`,
      payload: { role: 'member' },
    });
    expect(demoteNow.statusCode).toBe(200);
  });

  it('removes a member, who then no longer sees the organization', async () => {
    const member = await addMember(t, orgId, 'member');
    const removed = await request(t, admin, {
      method: 'DELETE',
      url: `/api/v1/orgs/${orgId}/members/${member.id}`,
    });
    expect(removed.statusCode).toBe(204);
    expect((await request(t, member, { method: 'GET', url: `/api/v1/orgs/${orgId}` })).statusCode).toBe(404);
  });

  it('nobody grants a role with permissions they lack', async () => {
    await t.database.owner
      .insertInto('roles')
      .values({
        key: 'people_ops',
        name: 'People ops',
        permissions: ['members:read', 'members:manage', 'members:invite'],
      })
      .execute();
    const peopleOps = await addMember(t, orgId, 'people_ops');
    const target = await addMember(t, orgId, 'member');
    const escalate = await request(t, peopleOps, {
      method: 'PATCH',
      url: `/api/v1/orgs/${orgId}/members/${target.id}`,
      payload: { role: 'org_admin' },
    });
    expect(escalate.statusCode).toBe(403);
    expect(escalate.json().error.message).toContain('org:manage');
    const invite = await request(t, peopleOps, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/invitations`,
      payload: { email: 'boss@example.test', role: 'org_admin' },
    });
    expect(invite.statusCode).toBe(403);
    const sameLevel = await request(t, peopleOps, {
      method: 'PATCH',
      url: `/api/v1/orgs/${orgId}/members/${target.id}`,
      payload: { role: 'people_ops' },
    });
    expect(sameLevel.statusCode).toBe(200);
  });
});
