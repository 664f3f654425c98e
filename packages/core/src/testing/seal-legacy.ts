import { createCipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * For tests: a value in the former format (v1: AES-256-GCM under SWITCHBOARD_ENCRYPTION_KEY, the context as
 * authenticated data), as installations from before the key pair hold. Production only ever opens these.
 */
export function sealLegacy(key: string, plaintext: string, context: string): string {
  const bytes = Buffer.from(key, 'base64');
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', bytes, iv).setAAD(Buffer.from(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const id = createHash('sha256').update(bytes).digest('hex').slice(0, 8);
  return ['v1', id, iv, cipher.getAuthTag(), ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}
