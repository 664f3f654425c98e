import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createSecretBox,
  createSecretSealer,
  generateSecretsKeyPair,
  publicKeyOf,
} from '../../src/secrets/secret-box.ts';
import { SecretBoxError } from '../../src/secrets/secret-box-error.ts';
import { sealLegacy } from '../../src/testing/seal-legacy.ts';

/** One character of the sealed body changed, wherever it is. */
function alter(sealed: string, at: number): string {
  const [version, keyId, body] = sealed.split('.') as [string, string, string];
  const bytes = Buffer.from(body, 'base64url');
  bytes[at % bytes.length]! ^= 1;
  return `${version}.${keyId}.${bytes.toString('base64url')}`;
}

describe('sealing for the worker tier', () => {
  it('seals with the public key and opens with the private key, never showing the plaintext', () => {
    const pair = generateSecretsKeyPair();
    const sealer = createSecretSealer(pair.publicKey);
    const box = createSecretBox({ privateKey: pair.privateKey });
    const sealed = sealer.seal('sk_live_123', 'tool:1:api_key');
    expect(sealed).not.toContain('sk_live_123');
    expect(sealed).toMatch(/^v2\.[0-9a-f]{8}\.[A-Za-z0-9_-]+$/);
    expect(sealer.keyId).toBe(box.keyId);
    expect(box.open(sealed, 'tool:1:api_key')).toBe('sk_live_123');
    expect(box.open(box.seal('ünïcode ✓', 'tool:1:x'), 'tool:1:x')).toBe('ünïcode ✓');
    expect(box.open(box.seal('', 'tool:1:x'), 'tool:1:x')).toBe('');
    expect(sealer.seal('sk_live_123', 'tool:1:api_key')).not.toBe(sealed);
  });

  it('gives the API side no way to open: it has no open method and no private key', () => {
    const sealer = createSecretSealer(generateSecretsKeyPair().publicKey);
    expect(Object.keys(sealer).sort()).toEqual(['keyId', 'seal']);
    expect('open' in sealer).toBe(false);
    // @ts-expect-error the API's sealer has no open method
    expect(() => sealer.open('v2.x.y', 'ctx')).toThrow(TypeError);
  });

  it('refuses a value moved to another context', () => {
    const pair = generateSecretsKeyPair();
    const sealed = createSecretSealer(pair.publicKey).seal('secret', 'tool:1:api_key');
    const box = createSecretBox({ privateKey: pair.privateKey });
    expect(() => box.open(sealed, 'tool:2:api_key')).toThrow(/altered or belongs elsewhere/);
    expect(() => box.open(sealed, 'tool:1:api_key2')).toThrow(SecretBoxError);
    expect(() => box.open(sealed, 'tool:1:api_ke')).toThrow(SecretBoxError);
  });

  it('refuses an altered value, wherever it was altered', () => {
    const pair = generateSecretsKeyPair();
    const box = createSecretBox({ privateKey: pair.privateKey });
    const sealed = box.seal('secret', 'ctx');
    for (const at of [0, 10, 31, 32, 40, 1000]) {
      expect(() => box.open(alter(sealed, at), 'ctx')).toThrow(/altered/);
    }
    expect(() => box.open(`${sealed}A`, 'ctx')).toThrow(SecretBoxError);
    expect(() => box.open('v2.forged', 'ctx')).toThrow(/not a sealed secret/);
  });

  it('does not open with another private key', () => {
    const sealed = createSecretSealer(generateSecretsKeyPair().publicKey).seal('secret', 'ctx');
    expect(() =>
      createSecretBox({ privateKey: generateSecretsKeyPair().privateKey }).open(sealed, 'ctx'),
    ).toThrow(/neither SWITCHBOARD_SECRETS_PRIVATE_KEY/);
  });

  it('opens values sealed for a previous key pair and reports them stale', () => {
    const old = generateSecretsKeyPair();
    const sealed = createSecretSealer(old.publicKey).seal('secret', 'ctx');
    const rotated = createSecretBox({
      privateKey: generateSecretsKeyPair().privateKey,
      previousPrivateKeys: [old.privateKey],
    });
    expect(rotated.open(sealed, 'ctx')).toBe('secret');
    expect(rotated.isStale(sealed)).toBe(true);
    expect(rotated.isStale(rotated.seal('secret', 'ctx'))).toBe(false);
  });

  it('opens values of the former AES-GCM format with a legacy key, and reports them stale', () => {
    const legacyKey = randomBytes(32).toString('base64');
    const sealed = sealLegacy(legacyKey, 'secret', 'tool:1:api_key');
    const box = createSecretBox({ privateKey: generateSecretsKeyPair().privateKey, legacyKeys: [legacyKey] });
    expect(box.open(sealed, 'tool:1:api_key')).toBe('secret');
    expect(box.isStale(sealed)).toBe(true);
    expect(() => box.open(sealed, 'tool:2:api_key')).toThrow(/altered or belongs elsewhere/);
    expect(() =>
      createSecretBox({ privateKey: generateSecretsKeyPair().privateKey }).open(sealed, 'ctx'),
    ).toThrow(/SWITCHBOARD_ENCRYPTION_KEY/);
  });

  it('derives the public key from the private key, and explains a malformed key', () => {
    const pair = generateSecretsKeyPair();
    expect(publicKeyOf(pair.privateKey)).toBe(pair.publicKey);
    expect(() => createSecretSealer('short')).toThrow(/SWITCHBOARD_SECRETS_PUBLIC_KEY must be 32 bytes/);
    expect(() => createSecretBox({ privateKey: '' })).toThrow(
      /SWITCHBOARD_SECRETS_PRIVATE_KEY must be 32 bytes/,
    );
    expect(() => createSecretBox({ privateKey: pair.privateKey, previousPrivateKeys: ['short'] })).toThrow(
      /SWITCHBOARD_SECRETS_PREVIOUS_PRIVATE_KEYS/,
    );
    expect(() => createSecretBox({ privateKey: pair.privateKey, legacyKeys: ['short'] })).toThrow(
      /SWITCHBOARD_ENCRYPTION_KEY/,
    );
  });
});
