import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  createOrganization,
  createTestApp,
  lastEmailLink,
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
  admin = await signUp(t, { name: 'Ada Admin' });
  orgId = await createOrganization(t, admin, 'Acme Dental');
});
afterAll(() => t.close());

const tokenOf = (link: string) => link.split('/invite/')[1]!;

async function invite(email: string, role = 'member') {
  return request(t, admin, {
    method: 'POST',
    url: `/api/v1/orgs/${orgId}/invitations`,
    payload: { email, role },
  });
}

describe('invitations', () => {
  it('invite → email with link → preview → sign up → accept → member', async () => {
    const created = await invite('New.Person@Example.test');
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      email: 'new.person@example.test',
      role: 'member',
      status: 'pending',
      invitedBy: { name: 'Ada Admin', email: admin.email },
    });

    const link = await lastEmailLink(t, 'new.person@example.test');
    expect(link).toMatch(/^http:\/\/localhost:3000\/invite\//);
    const preview = await request(t, null, { method: 'GET', url: `/api/v1/invitations/${tokenOf(link)}` });
    expect(preview.json()).toMatchObject({
      organizationName: 'Acme Dental',
      roleName: 'Member',
      inviterName: 'Ada Admin',
      status: 'pending',
    });

    const invitee = await signUp(t, { email: 'new.person@example.test', verified: false });
    const accepted = await request(t, invitee, {
      method: 'POST',
      url: `/api/v1/invitations/${tokenOf(link)}/accept`,
    });
    expect(accepted.statusCode).toBe(200);
    expect(accepted.json()).toEqual({ organizationId: orgId });

    const me = (await request(t, invitee, { method: 'GET', url: '/api/v1/me' })).json();
    expect(me.user.emailVerified).toBe(true);
    expect(me.organizations).toEqual([expect.objectContaining({ id: orgId, role: 'member' })]);
    const again = await request(t, invitee, {
      method: 'POST',
      url: `/api/v1/invitations/${tokenOf(link)}/accept`,
    });
    expect(again.statusCode).toBe(410);
  });

  it('only the invited address can accept', async () => {
    await invite('right@example.test');
    const link = await lastEmailLink(t, 'right@example.test');
    const wrong = await signUp(t);
    const response = await request(t, wrong, {
      method: 'POST',
      url: `/api/v1/invitations/${tokenOf(link)}/accept`,
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error).toMatchObject({ code: 'WRONG_ACCOUNT' });
    expect(response.json().error.message).toContain('right@example.test');
    expect((await request(t, wrong, { method: 'GET', url: '/api/v1/me' })).json().organizations).toEqual([]);
  });

  it('a second pending invitation and an existing member are refused', async () => {
    expect((await invite('twice@example.test')).statusCode).toBe(201);
    const second = await invite('twice@example.test');
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('INVITATION_PENDING');
    const member = await invite(admin.email);
    expect(member.statusCode).toBe(409);
    expect(member.json().error.code).toBe('ALREADY_MEMBER');
  });

  it('resend issues a new link and the old one stops working', async () => {
    const { id } = (await invite('resend@example.test')).json();
    const oldLink = await lastEmailLink(t, 'resend@example.test');
    const resent = await request(t, admin, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/invitations/${id}/resend`,
    });
    expect(resent.statusCode).toBe(200);
    const newLink = await lastEmailLink(t, 'resend@example.test');
    expect(newLink).not.toBe(oldLink);
    expect(
      (await request(t, null, { method: 'GET', url: `/api/v1/invitations/${tokenOf(oldLink)}` })).statusCode,
    ).toBe(404);
    expect(
      (await request(t, null, { method: 'GET', url: `/api/v1/invitations/${tokenOf(newLink)}` })).statusCode,
    ).toBe(200);
  });

  it('revoked invitations cannot be accepted, and listing shows them after the pending ones', async () => {
    const { id } = (await invite('revoked@example.test')).json();
    const link = await lastEmailLink(t, 'revoked@example.test');
    expect(
      (await request(t, admin, { method: 'DELETE', url: `/api/v1/orgs/${orgId}/invitations/${id}` }))
        .statusCode,
    ).toBe(204);
    const invitee = await signUp(t, { email: 'revoked@example.test' });
    const accept = await request(t, invitee, {
      method: 'POST',
      url: `/api/v1/invitations/${tokenOf(link)}/accept`,
    });
    expect(accept.statusCode).toBe(410);
    expect(accept.json().error.code).toBe('INVITATION_CLOSED');

    const { invitations } = (
      await request(t, admin, { method: 'GET', url: `/api/v1/orgs/${orgId}/invitations` })
    ).json();
    const statuses: string[] = invitations.map((i: { status: string }) => i.status);
    expect(statuses.indexOf('revoked')).toBeGreaterThan(statuses.lastIndexOf('pending'));
  });

  it('an expired invitation reads as expired and cannot be accepted', async () => {
    const { id } = (await invite('late@example.test')).json();
    const link = await lastEmailLink(t, 'late@example.test');
    await t.database.owner
      .updateTable('invitations')
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where('id', '=', id)
      .execute();
    expect(
      (await request(t, null, { method: 'GET', url: `/api/v1/invitations/${tokenOf(link)}` })).json().status,
    ).toBe('expired');
    const invitee = await signUp(t, { email: 'late@example.test' });
    expect(
      (await request(t, invitee, { method: 'POST', url: `/api/v1/invitations/${tokenOf(link)}/accept` }))
        .statusCode,
    ).toBe(410);
  });

  it('nobody resends or revokes the invitation of a role with permissions they lack', async () => {
    await t.database.owner
      .insertInto('roles')
      .values({ key: 'recruiter', name: 'Recruiter', permissions: ['members:read', 'members:invite'] })
      .execute();
    const recruiter = await addMember(t, orgId, 'recruiter');
    const { id: adminInvitation } = (await invite('future-admin@example.test', 'org_admin')).json();
    const emailsBefore = await t.database.owner.selectFrom('emailOutbox').select('id').execute();

    const resend = await request(t, recruiter, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/invitations/${adminInvitation}/resend`,
    });
    expect(resend.statusCode).toBe(403);
    expect(resend.json().error.code).toBe('FORBIDDEN');
    expect(resend.json().error.message).toMatch(/resend the invitation of .*org:manage/);
    const revoke = await request(t, recruiter, {
      method: 'DELETE',
      url: `/api/v1/orgs/${orgId}/invitations/${adminInvitation}`,
    });
    expect(revoke.statusCode).toBe(403);
    expect(revoke.json().error.message).toMatch(/revoke the invitation of .*org:manage/);
    const row = await t.database.owner
      .selectFrom('invitations')
      .select('status')
      .where('id', '=', adminInvitation)
      .executeTakeFirstOrThrow();
    expect(row.status).toBe('pending');
    expect(await t.database.owner.selectFrom('emailOutbox').select('id').execute()).toHaveLength(
      emailsBefore.length,
    );

    // Inviting with such a role was already refused; an invitation within the recruiter's reach is theirs.
    const escalate = await request(t, recruiter, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/invitations`,
      payload: { email: 'another-admin@example.test', role: 'org_admin' },
    });
    expect(escalate.statusCode).toBe(403);
    const { id: peerInvitation } = (await invite('peer-recruiter@example.test', 'recruiter')).json();
    const ownResend = await request(t, recruiter, {
      method: 'POST',
      url: `/api/v1/orgs/${orgId}/invitations/${peerInvitation}/resend`,
    });
    expect(ownResend.statusCode).toBe(200);
    const ownRevoke = await request(t, recruiter, {
      method: 'DELETE',
      url: `/api/v1/orgs/${orgId}/invitations/${peerInvitation}`,
    });
    expect(ownRevoke.statusCode).toBe(204);
  });

  it('an invitation rolled back with its transaction leaves no email', async () => {
    const before = await t.database.owner.selectFrom('emailOutbox').select('id').execute();
    const refused = await invite(admin.email);
    expect(refused.statusCode).toBe(409);
    const after = await t.database.owner.selectFrom('emailOutbox').select('id').execute();
    expect(after).toHaveLength(before.length);
  });
});
