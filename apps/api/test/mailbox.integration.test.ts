import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, request, signUp, type TestApp, type TestUser } from './harness.ts';

let t: TestApp;
let platformAdmin: TestUser;
beforeAll(async () => {
  t = await createTestApp();
  platformAdmin = await signUp(t); // the first verified account
});
afterAll(() => t.close());

describe('local mailbox', () => {
  it('lists kept emails and shows one to a platform admin', async () => {
    const outboxId = randomUUID();
    await t.database.owner
      .insertInto('emailOutbox')
      .values({
        id: outboxId,
        template: 'verify-email',
        toAddress: 'a@example.test',
        subject: 'Hello',
        html: '<p>Hi</p>',
        textBody: 'Hi',
      })
      .execute();
    await t.database.owner
      .insertInto('mailboxMessages')
      .values({ outboxId, toAddress: 'a@example.test', subject: 'Hello', html: '<p>Hi</p>', textBody: 'Hi' })
      .execute();
    const list = (await request(t, platformAdmin, { method: 'GET', url: '/api/v1/dev/mailbox' })).json();
    expect(list.messages).toContainEqual(expect.objectContaining({ to: 'a@example.test', subject: 'Hello' }));
    const hello = list.messages.find((message: { subject: string }) => message.subject === 'Hello');
    const message = await request(t, platformAdmin, {
      method: 'GET',
      url: `/api/v1/dev/mailbox/${hello.id}`,
    });
    expect(message.json()).toMatchObject({ html: '<p>Hi</p>', text: 'Hi' });
    expect(
      (await request(t, platformAdmin, { method: 'GET', url: `/api/v1/dev/mailbox/${randomUUID()}` }))
        .statusCode,
    ).toBe(404);
  });

  it('is closed to anonymous requests (401) and to signed-in users who are not platform admins (403)', async () => {
    const member = await signUp(t);
    const { id } = await t.database.owner
      .selectFrom('mailboxMessages')
      .select('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    for (const url of ['/api/v1/dev/mailbox', `/api/v1/dev/mailbox/${id}`]) {
      const anonymous = await request(t, null, { method: 'GET', url });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.json().error.code).toBe('UNAUTHENTICATED');
      const notAdmin = await request(t, member, { method: 'GET', url });
      expect(notAdmin.statusCode).toBe(403);
      expect(notAdmin.json().error.code).toBe('FORBIDDEN');
      for (const response of [anonymous, notAdmin]) expect(response.body).not.toContain('Hello');
    }
  });

  it('an anonymous password reset of the platform admin cannot be read back', async () => {
    const requested = await t.app.inject({
      method: 'POST',
      url: '/api/auth/request-password-reset',
      headers: { origin: 'http://localhost:3000', 'x-forwarded-for': '203.0.113.99' },
      payload: { email: platformAdmin.email, redirectTo: 'http://localhost:3000/reset-password' },
    });
    expect(requested.statusCode).toBe(200);
    const list = await request(t, null, { method: 'GET', url: '/api/v1/dev/mailbox' });
    expect(list.statusCode).toBe(401);
    expect(list.body).not.toContain('reset-password');
  });

  it('does not exist when a real email transport is configured', async () => {
    const withProvider = await createTestApp({ publicConfig: { mailbox: false, emailTransport: 'resend' } });
    try {
      expect(
        (await request(withProvider, null, { method: 'GET', url: '/api/v1/dev/mailbox' })).statusCode,
      ).toBe(404);
    } finally {
      await withProvider.close();
    }
  });
});
