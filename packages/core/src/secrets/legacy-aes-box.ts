import { createDecipheriv, createHash } from 'node:crypto';
import { SecretBoxError } from './secret-box-error.ts';

/** Values sealed before the sealed-box format: `v1.<key id>.<iv>.<tag>.<ciphertext>`, AES-256-GCM. */
export const LEGACY_VERSION = 'v1';
const KEY_BYTES = 32;

export type LegacyOpener = (sealed: string, context: string) => string;

/**
 * Opens (never seals) values of the former symmetric format, so an installation can migrate them: the
 * worker tier re-seals each under the key pair and the old key is then dropped (docs/secrets.md).
 */
export function createLegacyOpener(encodedKeys: string[]): LegacyOpener {
  const keys = new Map(
    encodedKeys.map((encoded) => {
      const bytes = Buffer.from(encoded.trim(), 'base64');
      if (bytes.length !== KEY_BYTES) {
        throw new SecretBoxError(
          `SWITCHBOARD_ENCRYPTION_KEY (legacy) must be ${KEY_BYTES} bytes in base64 (got ${bytes.length})`,
        );
      }
      return [createHash('sha256').update(bytes).digest('hex').slice(0, 8), bytes] as const;
    }),
  );
  return (sealed, context) => {
    const [version, keyId, iv, tag, ciphertext] = sealed.split('.');
    if (version !== LEGACY_VERSION || !keyId || !iv || !tag || ciphertext === undefined) {
      throw new SecretBoxError('not a sealed secret');
    }
    const key = keys.get(keyId);
    if (!key) {
      throw new SecretBoxError(
        `sealed with the former key ${keyId}; give it to the worker tier as SWITCHBOARD_ENCRYPTION_KEY (or SWITCHBOARD_ENCRYPTION_PREVIOUS_KEYS) so it can be migrated`,
      );
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
        .setAAD(Buffer.from(context))
        .setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new SecretBoxError('the secret does not open: it was altered or belongs elsewhere');
    }
  };
}
