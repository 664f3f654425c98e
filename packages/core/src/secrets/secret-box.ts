import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;

/**
 * AES-256-GCM for tool secrets and OAuth tokens. A sealed value names the key that sealed it, so old keys
 * can keep opening values while everything is re-sealed under a new one (see docs/secrets.md). The
 * context (e.g. the tool id and secret name) is authenticated: a ciphertext copied into another row does
 * not open there.
 */
export interface SecretBox {
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
  /** Whether a value was sealed with an older key and should be re-sealed. */
  isStale(sealed: string): boolean;
}

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

interface Key {
  id: string;
  bytes: Buffer;
}

function parseKey(encoded: string, variable: string): Key {
  const bytes = Buffer.from(encoded.trim(), 'base64');
  if (bytes.length !== KEY_BYTES) {
    throw new SecretBoxError(
      `${variable} must be ${KEY_BYTES} bytes in base64 (got ${bytes.length}); create one with: openssl rand -base64 32`,
    );
  }
  return { id: createHash('sha256').update(bytes).digest('hex').slice(0, 8), bytes };
}

export function createSecretBox(options: { key: string; previousKeys?: string[] }): SecretBox {
  const current = parseKey(options.key, 'SWITCHBOARD_ENCRYPTION_KEY');
  const keys = new Map(
    [current, ...(options.previousKeys ?? []).map((key) => parseKey(key, 'a previous key'))].map((key) => [
      key.id,
      key,
    ]),
  );

  return {
    seal(plaintext, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current.bytes, iv).setAAD(Buffer.from(context));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, current.id, iv, cipher.getAuthTag(), ciphertext]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    open(sealed, context) {
      const [version, keyId, iv, tag, ciphertext] = sealed.split('.');
      if (version !== VERSION || !keyId || !iv || !tag || ciphertext === undefined) {
        throw new SecretBoxError('not a sealed secret');
      }
      const key = keys.get(keyId);
      if (!key) {
        throw new SecretBoxError(
          `sealed with key ${keyId}, which is neither SWITCHBOARD_ENCRYPTION_KEY nor one of SWITCHBOARD_ENCRYPTION_PREVIOUS_KEYS`,
        );
      }
      try {
        const decipher = createDecipheriv('aes-256-gcm', key.bytes, Buffer.from(iv, 'base64url'))
          .setAAD(Buffer.from(context))
          .setAuthTag(Buffer.from(tag, 'base64url'));
        return Buffer.concat([
          decipher.update(Buffer.from(ciphertext, 'base64url')),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        throw new SecretBoxError('the secret does not open: it was altered or belongs elsewhere');
      }
    },
    isStale(sealed) {
      return sealed.split('.')[1] !== current.id;
    },
  };
}

/** The box configured by SWITCHBOARD_ENCRYPTION_KEY (and SWITCHBOARD_ENCRYPTION_PREVIOUS_KEYS). */
export function secretBoxFromEnv(env: NodeJS.ProcessEnv): SecretBox {
  if (!env.SWITCHBOARD_ENCRYPTION_KEY) {
    throw new SecretBoxError(
      'SWITCHBOARD_ENCRYPTION_KEY is not set; npm start generates one, or create one with: openssl rand -base64 32',
    );
  }
  const previousKeys = (env.SWITCHBOARD_ENCRYPTION_PREVIOUS_KEYS ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter(Boolean);
  return createSecretBox({ key: env.SWITCHBOARD_ENCRYPTION_KEY, previousKeys });
}
