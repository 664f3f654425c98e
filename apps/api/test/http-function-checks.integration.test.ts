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
let admin: TestUser;
let base: string;

beforeAll(async () => {
  t = await createTestApp();
  admin = await signUp(t);
  base = `/api/v1/orgs/${await createOrganization(t, admin, 'Acme Dental')}/tools`;
});
afterAll(() => t.close());

const call = (method: 'POST' | 'PATCH' | 'GET', url: string, payload?: object) =>
  request(t, admin, { method, url, ...(payload && { payload }) });

const good = {
  name: 'lookup_order',
  description: 'Find an order by its number',
  parameters: { type: 'object', properties: { order_id: { type: 'string' } } },
  method: 'GET',
  url: 'https://shop.example.test/orders/{{order_id}}',
};

const broken: [string, object, string, RegExp][] = [
  ['a URL without a scheme', { url: 'shop.example.test/orders' }, 'url', /http:\/\/ or https:\/\//],
  ['an ftp:// URL', { url: 'ftp://shop.example.test/orders' }, 'url', /http:\/\/ or https:\/\//],
  ['a secret in the path', { url: 'https://shop.example.test/{{secrets.key}}/x' }, 'url', /secrets/],
  ['an undeclared argument', { url: 'https://shop.example.test/{{nope}}' }, 'url', /nope/],
  [
    'a misspelt type',
    { parameters: { type: 'object', properties: { order_id: { type: 'strng' } } } },
    'parameters',
    /not a valid JSON Schema/,
  ],
];

describe('HTTP functions are checked when saved', () => {
  it.each(broken)(
    'refuses %s on the field, when created and when updated',
    async (_, change, field, message) => {
      const fn = { ...good, ...change };
      const created = await call('POST', base, { kind: 'http', name: 'Shop', config: { functions: [fn] } });
      expect(created.statusCode).toBe(400);
      expect(created.json().error.details).toEqual([
        { path: `config.functions.0.${field}`, message: expect.stringMatching(message) },
      ]);

      const tool = (
        await call('POST', base, { kind: 'http', name: 'Shop', config: { functions: [good] } })
      ).json();
      const updated = await call('PATCH', `${base}/${tool.id}`, { config: { functions: [good, fn] } });
      expect(updated.statusCode).toBe(400);
      expect(updated.json().error.details[0].path).toBe(`config.functions.1.${field}`);
    },
  );

  it('never lists a broken function stored before the check among what the model sees', async () => {
    const tool = (
      await call('POST', base, { kind: 'http', name: 'Shop', config: { functions: [good] } })
    ).json();
    await t.database.owner
      .updateTable('tools')
      .set({
        config: JSON.stringify({ functions: [good, { ...good, name: 'ftp_one', url: 'ftp://x.test/a' }] }),
      })
      .where('id', '=', tool.id)
      .execute();
    const stored = (await call('GET', `${base}/${tool.id}`)).json();
    expect(stored.functions.map((fn: { name: string }) => fn.name)).toEqual(['lookup_order']);
  });
});
