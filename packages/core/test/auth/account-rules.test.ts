import { checkPassword } from '@switchboard/core/auth/check-password';
import { lockoutSeconds, SIGN_IN_THROTTLE, signInThrottleKey } from '@switchboard/core/auth/sign-in-throttle';
import { describe, expect, it } from 'vitest';

describe('checkPassword', () => {
  it('refuses fewer than 12 characters, saying so', () => {
    expect(checkPassword('12345678')).toMatchObject({ code: 'PASSWORD_TOO_SHORT' });
    expect(checkPassword('password')?.message).toMatch(/at least 12 characters \(this one has 8\)/);
    // Characters, not UTF-16 units: eleven emoji are eleven characters.
    expect(checkPassword('🔑'.repeat(11))).toMatchObject({ code: 'PASSWORD_TOO_SHORT' });
  });

  it('refuses passwords on the shipped common list, in any case', () => {
    for (const common of ['password1234', 'PASSWORD1234', '123456789012', 'passwordpassword']) {
      expect(checkPassword(common)).toMatchObject({ code: 'PASSWORD_TOO_COMMON' });
    }
  });

  it('refuses more than 128 characters and accepts a long uncommon passphrase', () => {
    expect(checkPassword('x'.repeat(129))).toMatchObject({ code: 'PASSWORD_TOO_LONG' });
    expect(checkPassword('correct horse battery staple')).toBeNull();
    expect(checkPassword('🔑'.repeat(12))).toBeNull();
  });
});

describe('sign-in throttle policy', () => {
  it('locks after the free attempts, doubling up to the cap', () => {
    const { FREE_ATTEMPTS, FIRST_LOCKOUT_SECONDS, MAX_LOCKOUT_SECONDS } = SIGN_IN_THROTTLE;
    expect(lockoutSeconds(FREE_ATTEMPTS - 1)).toBe(0);
    expect(lockoutSeconds(FREE_ATTEMPTS)).toBe(FIRST_LOCKOUT_SECONDS);
    expect(lockoutSeconds(FREE_ATTEMPTS + 1)).toBe(2 * FIRST_LOCKOUT_SECONDS);
    expect(lockoutSeconds(FREE_ATTEMPTS + 2)).toBe(4 * FIRST_LOCKOUT_SECONDS);
    expect(lockoutSeconds(FREE_ATTEMPTS + 50)).toBe(MAX_LOCKOUT_SECONDS);
  });

  it('keys by a keyed hash of the normalized address, never the address', () => {
    const key = signInThrottleKey('secret-one', 'Ada@Example.test ');
    expect(key).toBe(signInThrottleKey('secret-one', 'ada@example.test'));
    expect(key).not.toBe(signInThrottleKey('secret-two', 'ada@example.test'));
    expect(key).toMatch(/^[0-9a-f]{64}$/);
  });
});
