import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signConnectionState, verifyConnectionState } from '../../src/tools/google/connection-state.ts';

const SECRET = 'the-installation-signing-secret-0123456789';
const state = { organizationId: randomUUID(), toolId: randomUUID(), userId: randomUUID() };

describe('the Google OAuth state', () => {
  it('is signed, not sealed: it verifies with the same secret and names ids only', () => {
    const signed = signConnectionState(SECRET, state, 1_000);
    expect(verifyConnectionState(SECRET, signed, 2_000)).toEqual({
      ...state,
      expiresAt: 1_000 + 15 * 60_000,
    });
    expect(signed).not.toContain(SECRET);
  });

  it('refuses another secret, an altered payload, a forged or truncated state', () => {
    const signed = signConnectionState(SECRET, state);
    const [payload, signature] = signed.split('.') as [string, string];
    const otherTool = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), toolId: randomUUID() }),
    ).toString('base64url');
    for (const [secret, value] of [
      [`${SECRET}x`, signed],
      [SECRET, `${otherTool}.${signature}`],
      [SECRET, `${payload}.${signature.slice(0, -1)}`],
      [SECRET, `${signed}.extra`],
      [SECRET, payload],
      [SECRET, 'v1.forged'],
      [SECRET, ''],
    ] as const) {
      expect(() => verifyConnectionState(secret, value)).toThrow(/not valid/);
    }
  });

  it('expires after 15 minutes', () => {
    const signed = signConnectionState(SECRET, state, 0);
    expect(() => verifyConnectionState(SECRET, signed, 15 * 60_000 + 1)).toThrow(/took too long/);
  });
});
