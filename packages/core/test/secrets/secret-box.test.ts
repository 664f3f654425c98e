import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, SecretBoxError, secretBoxFromEnv } from '../../src/secrets/secret-box.ts';

const newKey = () => randomBytes(32).toString('base64');

describe('the secret box', () => {
  it('seals and opens, never showing the plaintext in the sealed form', () => {
    const box = createSecretBox({ key: newKey() });
    const sealed = box.seal('sk_live_123', 'tool:1:api_key');
    expect(sealed).not.toContain('sk_live_123');
    expect(sealed).toMatch(/^v1\.[0-9a-f]{8}\./);
    expect(box.open(sealed, 'tool:1:api_key')).toBe('sk_live_123');
    expect(box.seal('sk_live_123', 'tool:1:api_key')).not.toBe(sealed);
  });

  it('refuses a value moved to another context or altered', () => {
    const box = createSecretBox({ key: newKey() });
    const sealed = box.seal('secret', 'tool:1:api_key');
    expect(() => box.open(sealed, 'tool:2:api_key')).toThrow(SecretBoxError);
    const altered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}A`;
    expect(() => box.open(altered, 'tool:1:api_key')).toThrow(/altered/);
  });

  it('opens values sealed with a previous key and reports them stale', () => {
    const oldKey = newKey();
    const sealed = createSecretBox({ key: oldKey }).seal('secret', 'ctx');
    const rotated = createSecretBox({ key: newKey(), previousKeys: [oldKey] });
    expect(rotated.open(sealed, 'ctx')).toBe('secret');
    expect(rotated.isStale(sealed)).toBe(true);
    expect(rotated.isStale(rotated.seal('secret', 'ctx'))).toBe(false);
    expect(() => createSecretBox({ key: newKey() }).open(sealed, 'ctx')).toThrow(/neither/);
  });

  it('explains a missing or malformed key', () => {
    expect(() => secretBoxFromEnv({})).toThrow(/SWITCHBOARD_ENCRYPTION_KEY is not set/);
    expect(() => secretBoxFromEnv({ SWITCHBOARD_ENCRYPTION_KEY: 'short' })).toThrow(/32 bytes/);
  });
});
