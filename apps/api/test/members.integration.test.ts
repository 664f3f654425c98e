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
    await t.database.owner
      .insertInto('roles')
      .values({ key: 'people_viewer', name: 'People viewer', permissions: ['members:read'] })
      .execute();
    const peopleOps = await addMember(t, orgId, 'people_ops');
    const target = await addMember(t, orgId, 'people_viewer');
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

  it('nobody changes or removes someone whose role has permissions they lack', async () => {
    await t.database.owner
      .insertInto('roles')
      .values({
        key: 'member_manager',
        name: 'Member manager',
        permissions: ['members:read', 'members:manage'],
      })
      .execute();
    const manager = await addMember(t, orgId, 'member_manager');
    const orgAdmin = await addMember(t, orgId, 'org_admin');
    const roleOf = async (userId: string) =>
      (
        await t.database.owner
          .selectFrom('memberships')
          .select('role')
          .where('organizationId', '=', orgId)
          .where('userId', '=', userId)
          .executeTakeFirstOrThrow()
      ).role;

    const demote = await request(t, manager, {
      method: 'PATCH',
      url: `/api/v1/orgs/${orgId}/members/${orgAdmin.id}`,
      payload: { role: 'member_manager' },
    });
    expect(demote.statusCode).toBe(403);
    expect(demote.json().error.code).toBe('FORBIDDEN');
    expect(demote.json().error.message).toMatch(/change the role of .*org:manage/);
    const remove = await request(t, manager, {
      method: 'DELETE',
      url: `/api/v1/orgs/${orgId}/members/${orgAdmin.id}`,
    });
    expect(remove.statusCode).toBe(403);
    expect(remove.json().error.message).toMatch(/remove .*org:manage/);
    expect(await roleOf(orgAdmin.id)).toBe('org_admin');

    // A `member` holds agents:write and tools:write, which this manager lacks: also out of reach.
    const member = await addMember(t, orgId, 'member');
    const demoteMember = await request(t, manager, {
      method: 'PATCH',
      url: `/api/v1/orgs/${orgId}/members/${member.id}`,
      payload: { role: 'member_manager' },
    });
    expect(demoteMember.statusCode).toBe(403);
    expect(demoteMember.json().error.message).toContain('agents:write');

    // Someone whose permissions are all the manager's own stays manageable.
    const peer = await addMember(t, orgId, 'member_manager');
    const removePeer = await request(t, manager, {
      method: 'DELETE',
      url: `/api/v1/orgs/${orgId}/members/${peer.id}`,
    });
    expect(removePeer.statusCode).toBe(204);
    // And an org_admin still manages everyone.
    const byAdmin = await request(t, admin, {
      method: 'PATCH',
      url: `/api/v1/orgs/${orgId}/members/${manager.id}`,
      payload: { role: 'member' },
    });
    expect(byAdmin.statusCode).toBe(200);
  });
});
