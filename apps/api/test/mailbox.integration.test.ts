import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, request, type TestApp } from './harness.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('local mailbox', () => {
  it('lists kept emails and shows one, without signing in', async () => {
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
    const list = (await request(t, null, { method: 'GET', url: '/api/v1/dev/mailbox' })).json();
    expect(list.messages).toEqual([expect.objectContaining({ to: 'a@example.test', subject: 'Hello' })]);
    const message = await request(t, null, {
      method: 'GET',
      url: `/api/v1/dev/mailbox/${list.messages[0].id}`,
    });
    expect(message.json()).toMatchObject({ html: '<p>Hi</p>', text: 'Hi' });
    expect(
      (await request(t, null, { method: 'GET', url: `/api/v1/dev/mailbox/${randomUUID()}` })).statusCode,
    ).toBe(404);
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
