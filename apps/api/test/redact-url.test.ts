import { describe, expect, it } from 'vitest';
import { ApiEnvSchema } from '../src/config.ts';
import { redactUrl } from '../src/redact-url.ts';

describe('redactUrl', () => {
  it('redacts verification, reset and OAuth values in the query', () => {
    expect(redactUrl('/api/auth/verify-email?token=eyJhbGciOi.abc.def&callbackURL=%2F')).toBe(
      '/api/auth/verify-email?token=[redacted]&callbackURL=%2F',
    );
    expect(redactUrl('/api/v1/oauth/google/callback?code=4%2F0Ab&state=xyz&scope=email')).toBe(
      '/api/v1/oauth/google/callback?code=[redacted]&state=[redacted]&scope=email',
    );
    expect(redactUrl('/api/auth/callback/google?id_token=abc')).toBe(
      '/api/auth/callback/google?id_token=[redacted]',
    );
  });

  it('redacts tokens in paths: invitations, better-auth reset links, dashboard invite pages', () => {
    expect(redactUrl('/api/v1/invitations/AbC-123_xyz')).toBe('/api/v1/invitations/[redacted]');
    expect(redactUrl('/api/v1/invitations/AbC-123_xyz/accept')).toBe('/api/v1/invitations/[redacted]/accept');
    expect(redactUrl('/api/auth/reset-password/TOKEN42?callbackURL=http%3A%2F%2Fx%2Freset-password')).toBe(
      '/api/auth/reset-password/[redacted]?callbackURL=http%3A%2F%2Fx%2Freset-password',
    );
  });

  it('redacts a token carried inside another parameter (a callback to an invitation)', () => {
    const redacted = redactUrl(
      '/api/auth/verify-email?token=jwt&callbackURL=%2Finvite%2Fsecret-invite-token',
    );
    expect(redacted).not.toContain('secret-invite-token');
    expect(decodeURIComponent(redacted)).toContain('callbackURL=/invite/[redacted]');
  });

  it('leaves other URLs alone', () => {
    expect(redactUrl('/api/v1/orgs/7b0c/agents?status=all')).toBe('/api/v1/orgs/7b0c/agents?status=all');
    expect(redactUrl('/api/v1/me')).toBe('/api/v1/me');
  });
});

describe('TRUSTED_PROXIES', () => {
  const trustedProxies = ApiEnvSchema.shape.TRUSTED_PROXIES;

  it('trusts nobody by default', () => {
    expect(trustedProxies.parse(undefined)).toEqual([]);
    expect(trustedProxies.parse('')).toEqual([]);
  });

  it('takes addresses and CIDR ranges, and refuses anything else', () => {
    expect(trustedProxies.parse('127.0.0.1, ::1,10.0.0.0/8')).toEqual(['127.0.0.1', '::1', '10.0.0.0/8']);
    expect(trustedProxies.safeParse('loopback').success).toBe(false);
    expect(trustedProxies.safeParse('10.0.0.0/99').success).toBe(false);
  });
});
