import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrganization,
  createTestApp,
  request,
  signUp,
  type TestApp,
  type TestUser,
} from './harness.ts';

let t: TestApp;
let first: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  first = await signUp(t);
});
afterAll(() => t.close());

describe('accounts', () => {
  it('the first account becomes platform admin, later ones do not', async () => {
    const second = await signUp(t);
    const me = (await request(t, first, { method: 'GET', url: '/api/v1/me' })).json();
    expect(me.user).toMatchObject({ email: first.email, isPlatformAdmin: true, emailVerified: true });
    const secondMe = (await request(t, second, { method: 'GET', url: '/api/v1/me' })).json();
    expect(secondMe.user.isPlatformAdmin).toBe(false);
  });

  it('an unverified account cannot create an organization', async () => {
    const unverified = await signUp(t, { verified: false });
    const response = await request(t, unverified, {
      method: 'POST',
      url: '/api/v1/organizations',
      payload: { name: 'Nope Inc' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('EMAIL_NOT_VERIFIED');
  });
});

describe('organizations', () => {
  it('creates, renames and lists organizations the user belongs to', async () => {
    const user = await signUp(t);
    const created = await request(t, user, {
      method: 'POST',
      url: '/api/v1/organizations',
      payload: { name: '  Acme Dental ' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      name: 'Acme Dental',
      role: 'org_admin',
      slug: expect.stringMatching(/^acme-dental-/),
    });
    const orgId = created.json().id;
    await createOrganization(t, user, 'Beta Clinic');

    const renamed = await request(t, user, {
      method: 'PATCH',
      url: `/api/v1/orgs/${orgId}`,
      payload: { name: 'Acme Smiles' },
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().name).toBe('Acme Smiles');

    const me = (await request(t, user, { method: 'GET', url: '/api/v1/me' })).json();
    expect(me.organizations.map((o: { name: string }) => o.name)).toEqual(['Acme Smiles', 'Beta Clinic']);
    expect(me.organizations[0].permissions).toContain('org:manage');
    // The shell's one request also says what the installation has: the same object as /config.
    const config = (await t.app.inject({ method: 'GET', url: '/api/v1/config' })).json();
    expect(me.installation).toEqual(config);
  });

  it('another organization answers 404 and stays unchanged', async () => {
    const owner = await signUp(t);
    const outsider = await signUp(t);
    const orgId = await createOrganization(t, owner, 'Private Co');
    await createOrganization(t, outsider, 'Outsider Co');

    expect((await request(t, outsider, { method: 'GET', url: `/api/v1/orgs/${orgId}` })).statusCode).toBe(
      404,
    );
    const rename = await request(t, outsider, {
      method: 'PATCH',
      url: `/api/v1/orgs/${orgId}`,
      payload: { name: 'Taken' },
    });
    expect(rename.statusCode).toBe(404);
    const stillThere = await request(t, owner, { method: 'GET', url: `/api/v1/orgs/${orgId}` });
    expect(stillThere.json().name).toBe('Private Co');
  });
});

describe('an organization time zone', () => {
  it('defaults to UTC, takes an IANA zone, and refuses anything else by name', async () => {
    const t = await createTestApp();
    try {
      const admin = await signUp(t);
      const orgId = await createOrganization(t, admin, 'Zoned');
      const org = (await request(t, admin, { method: 'GET', url: `/api/v1/orgs/${orgId}` })).json();
      expect(org.timeZone).toBe('UTC');
      const updated = await request(t, admin, {
        method: 'PATCH',
        url: `/api/v1/orgs/${orgId}`,
        payload: { timeZone: 'Europe/Berlin' },
      });
      expect(updated.json()).toMatchObject({ name: 'Zoned', timeZone: 'Europe/Berlin' });
      const refused = await request(t, admin, {
        method: 'PATCH',
        url: `/api/v1/orgs/${orgId}`,
        payload: { timeZone: 'Mars/Olympus' },
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.details[0]).toMatchObject({ path: 'timeZone' });
    } finally {
      await t.close();
    }
  });
});
