import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  authHeaders,
  createTestApp,
  lastEmailLink,
  request,
  signUp,
  TEST_PASSWORD,
  type TestApp,
  type TestUser,
} from './harness.ts';

// The password rule (12 characters, not a common password) wherever a password is set.
let t: TestApp;
let user: TestUser;

beforeAll(async () => {
  t = await createTestApp();
  user = await signUp(t);
});
afterAll(() => t.close());

const REFUSED = [
  { password: '12345678', code: 'PASSWORD_TOO_SHORT', reason: /at least 12 characters/ },
  { password: 'password', code: 'PASSWORD_TOO_SHORT', reason: /at least 12 characters/ },
  { password: 'password1234', code: 'PASSWORD_TOO_COMMON', reason: /common passwords/ },
  { password: 'Password1234', code: 'PASSWORD_TOO_COMMON', reason: /common passwords/ },
  { password: '123456789012', code: 'PASSWORD_TOO_COMMON', reason: /common passwords/ },
];

function expectRefused(
  response: { statusCode: number; json: () => unknown },
  field: string,
  expected: (typeof REFUSED)[number],
) {
  expect(response.statusCode).toBe(400);
  const body = response.json() as {
    code: string;
    message: string;
    details: { path: string; message: string }[];
  };
  expect(body.code).toBe(expected.code);
  expect(body.message).toMatch(expected.reason);
  expect(body.details).toEqual([{ path: field, message: body.message }]);
}

describe('password rule', () => {
  it('sign-up refuses short and common passwords, for a new address and an existing one alike', async () => {
    for (const expected of REFUSED) {
      for (const email of [`fresh-${expected.password}@example.test`, user.email]) {
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/auth/sign-up/email',
          headers: authHeaders(),
          payload: { email, name: 'Weak', password: expected.password },
        });
        expectRefused(response, 'password', expected);
      }
    }
    const created = await t.database.owner
      .selectFrom('auth.users')
      .select('email')
      .where('email', 'like', 'fresh-%')
      .execute();
    expect(created).toEqual([]);
  });

  it('change password refuses them, naming newPassword', async () => {
    for (const expected of REFUSED) {
      const response = await request(t, user, {
        method: 'POST',
        url: '/api/auth/change-password',
        headers: authHeaders(),
        payload: { currentPassword: TEST_PASSWORD, newPassword: expected.password },
      });
      expectRefused(response, 'newPassword', expected);
    }
    const accepted = await request(t, user, {
      method: 'POST',
      url: '/api/auth/change-password',
      headers: authHeaders(),
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'four random words here' },
    });
    expect(accepted.statusCode).toBe(200);
  });

  it('reset password refuses them, and the link still works for a good one', async () => {
    const requested = await t.app.inject({
      method: 'POST',
      url: '/api/auth/request-password-reset',
      headers: authHeaders(),
      payload: { email: user.email, redirectTo: 'http://localhost:3000/reset-password' },
    });
    expect(requested.statusCode).toBe(200);
    const token = new URL(await lastEmailLink(t, user.email)).pathname.split('/').at(-1);
    for (const expected of REFUSED) {
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/auth/reset-password',
        headers: authHeaders(),
        payload: { token, newPassword: expected.password },
      });
      expectRefused(response, 'newPassword', expected);
    }
    const reset = await t.app.inject({
      method: 'POST',
      url: '/api/auth/reset-password',
      headers: authHeaders(),
      payload: { token, newPassword: 'a brand new passphrase' },
    });
    expect(reset.statusCode).toBe(200);
  });
});
