import { PERMISSIONS } from '@switchboard/contracts/permissions';
import { PREDEFINED_ROLE_PERMISSIONS } from '@switchboard/core/access/catalog';
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
let platformAdmin: TestUser;
let someone: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  platformAdmin = await signUp(t);
  someone = await signUp(t);
});
afterAll(() => t.close());

describe('role catalog', () => {
  it('lists predefined roles with the permissions of the code catalog, and every permission', async () => {
    const catalog = (await request(t, someone, { method: 'GET', url: '/api/v1/roles' })).json();
    for (const [key, permissions] of Object.entries(PREDEFINED_ROLE_PERMISSIONS)) {
      expect(catalog.roles).toContainEqual(
        expect.objectContaining({ key, permissions: [...permissions], isPredefined: true }),
      );
    }
    expect(catalog.permissions.map((p: { key: string }) => p.key)).toEqual([...PERMISSIONS]);
  });
});

describe('custom roles', () => {
  // Permissions come back in catalog order.
  const role = { key: 'support_lead', name: 'Support lead', permissions: ['agents:read', 'calls:read'] };

  it('a platform admin creates, changes and deletes a custom role', async () => {
    const created = await request(t, platformAdmin, {
      method: 'POST',
      url: '/api/v1/admin/roles',
      payload: role,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ ...role, description: '', isPredefined: false });
    const duplicate = await request(t, platformAdmin, {
      method: 'POST',
      url: '/api/v1/admin/roles',
      payload: role,
    });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().error.code).toBe('ROLE_EXISTS');

    const changed = await request(t, platformAdmin, {
      method: 'PATCH',
      url: '/api/v1/admin/roles/support_lead',
      payload: { permissions: ['calls:read', 'calls:start'] },
    });
    expect(changed.json().permissions).toEqual(['calls:read', 'calls:start']);

    const org = await createOrganization(t, platformAdmin, 'Role Users');
    const holder = await addMember(t, org, 'support_lead');
    expect(
      (await request(t, holder, { method: 'GET', url: `/api/v1/orgs/${org}` })).json().permissions,
    ).toEqual(['calls:read', 'calls:start']);
    const inUse = await request(t, platformAdmin, {
      method: 'DELETE',
      url: '/api/v1/admin/roles/support_lead',
    });
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error.code).toBe('ROLE_IN_USE');

    await request(t, platformAdmin, { method: 'DELETE', url: `/api/v1/orgs/${org}/members/${holder.id}` });
    expect(
      (await request(t, platformAdmin, { method: 'DELETE', url: '/api/v1/admin/roles/support_lead' }))
        .statusCode,
    ).toBe(204);
  });

  it('predefined roles are read-only', async () => {
    const response = await request(t, platformAdmin, {
      method: 'PATCH',
      url: '/api/v1/admin/roles/member',
      payload: { name: 'Peon' },
    });
    expect(response.statusCode).toBe(403);
    expect(
      (await request(t, platformAdmin, { method: 'DELETE', url: '/api/v1/admin/roles/org_admin' }))
        .statusCode,
    ).toBe(403);
  });

  it('names the wrong fields', async () => {
    const response = await request(t, platformAdmin, {
      method: 'POST',
      url: '/api/v1/admin/roles',
      payload: { key: 'Bad Key', name: 'x', permissions: ['calls:fly'] },
    });
    expect(response.statusCode).toBe(400);
    const paths = response.json().error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['key', 'name', 'permissions.0']));
  });
});

describe('platform administration', () => {
  it('everyone else gets 403 on admin routes', async () => {
    for (const url of ['/api/v1/admin/organizations', '/api/v1/admin/users']) {
      expect((await request(t, someone, { method: 'GET', url })).statusCode).toBe(403);
    }
  });

  it('lists all organizations and users, and grants platform admin', async () => {
    await createOrganization(t, someone, 'Someone Co');
    const orgs = (
      await request(t, platformAdmin, { method: 'GET', url: '/api/v1/admin/organizations' })
    ).json();
    expect(orgs.organizations).toContainEqual(
      expect.objectContaining({ name: 'Someone Co', memberCount: 1 }),
    );
    const users = (await request(t, platformAdmin, { method: 'GET', url: '/api/v1/admin/users' })).json();
    expect(users.users).toContainEqual(expect.objectContaining({ id: someone.id, isPlatformAdmin: false }));

    const granted = await request(t, platformAdmin, {
      method: 'PATCH',
      url: `/api/v1/admin/users/${someone.id}`,
      payload: { isPlatformAdmin: true },
    });
    expect(granted.json()).toMatchObject({ id: someone.id, isPlatformAdmin: true });
    expect((await request(t, someone, { method: 'GET', url: '/api/v1/admin/users' })).statusCode).toBe(200);
  });

  it('an unverified platform admin is refused the admin routes until the address is verified', async () => {
    const unverified = await signUp(t, { verified: false });
    await request(t, platformAdmin, {
      method: 'PATCH',
      url: `/api/v1/admin/users/${unverified.id}`,
      payload: { isPlatformAdmin: true },
    });
    const refused = await request(t, unverified, { method: 'GET', url: '/api/v1/admin/users' });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('EMAIL_NOT_VERIFIED');
    // The shell still loads, saying who they are, so the dashboard can offer the verification link.
    const me = (await request(t, unverified, { method: 'GET', url: '/api/v1/me' })).json();
    expect(me.user).toMatchObject({ isPlatformAdmin: true, emailVerified: false });

    await t.database.owner
      .updateTable('auth.users')
      .set({ emailVerified: true })
      .where('id', '=', unverified.id)
      .execute();
    expect((await request(t, unverified, { method: 'GET', url: '/api/v1/admin/users' })).statusCode).toBe(
      200,
    );
  });

  it('the last platform admin cannot be withdrawn', async () => {
    const solo = await createTestApp();
    try {
      const only = await signUp(solo);
      const response = await request(solo, only, {
        method: 'PATCH',
        url: `/api/v1/admin/users/${only.id}`,
        payload: { isPlatformAdmin: false },
      });
      expect(response.statusCode).toBe(409);
      expect(response.json().error.code).toBe('LAST_ADMIN');
    } finally {
      await solo.close();
    }
  });
});
