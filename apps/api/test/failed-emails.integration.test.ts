import { withSystem } from '@switchboard/db/tenant';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, request, signUp, type TestApp, type TestUser } from './harness.ts';

let t: TestApp;
let platformAdmin: TestUser;
let someone: TestUser;

beforeAll(async () => {
  // The first user of an installation is its platform admin.
  t = await createTestApp();
  platformAdmin = await signUp(t);
  someone = await signUp(t);
});
afterAll(() => t.close());

describe('failed emails', () => {
  it('platform admins see emails marked failed, with the reason and without their bodies', async () => {
    const failedAt = new Date('2026-01-02T03:04:05.000Z');
    const [failed] = await t.database.owner
      .insertInto('emailOutbox')
      .values([
        {
          template: 'reset-password',
          toAddress: 'typo@example',
          subject: 'Reset your password',
          html: '<a href="http://localhost:3000/reset?token=secret-token">reset</a>',
          textBody: 'http://localhost:3000/reset?token=secret-token',
          status: 'failed',
          attempts: 1,
          lastError: 'Resend refused the email: validation_error: Invalid `to` field.',
          failedAt,
        },
        {
          template: 'verify-email',
          toAddress: 'fine@example.test',
          subject: 'Verify',
          html: '<p>ok</p>',
          textBody: 'ok',
          status: 'sent',
        },
      ])
      .returning('id')
      .execute();

    const response = await request(t, platformAdmin, { method: 'GET', url: '/api/v1/admin/emails/failed' });
    expect(response.statusCode).toBe(200);
    expect(response.json().emails).toEqual([
      {
        id: failed!.id,
        organizationId: null,
        template: 'reset-password',
        to: 'typo@example',
        subject: 'Reset your password',
        attempts: 1,
        reason: 'Resend refused the email: validation_error: Invalid `to` field.',
        createdAt: expect.any(String),
        failedAt: failedAt.toISOString(),
      },
    ]);
    expect(response.body).not.toContain('secret-token');
  });

  it('the system door reads the columns of the list, not the bodies with their links', async () => {
    const readBodies = withSystem(t.database.system, 'test: read email bodies', (tx) =>
      tx.selectFrom('emailOutbox').select(['html', 'textBody']).execute(),
    );
    await expect(readBodies).rejects.toThrow(/permission denied/);
  });

  it('everyone else gets 403', async () => {
    const response = await request(t, someone, { method: 'GET', url: '/api/v1/admin/emails/failed' });
    expect(response.statusCode).toBe(403);
  });
});
