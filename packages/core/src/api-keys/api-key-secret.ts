import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { API_KEY_PATTERN } from '@switchboard/contracts/api-keys';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * SHA-256, not a password hash: the secret is 256 random bits, so no one can guess it from the hash however
 * fast the hash is; slow hashes (scrypt, argon2) exist to protect low-entropy passwords, and would cost every
 * API request tens of milliseconds for nothing.
 */
export function hashApiKey(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

/** A new key: what the creator sees once, its public prefix, and the hash that is stored. */
export function generateApiKey(): { key: string; prefix: string; hash: Buffer } {
  const prefix = Array.from(randomBytes(12), (byte) => BASE32[byte % 32]).join('');
  const key = `sb_key_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

/** The prefix to look a presented key up by, or null when it is not shaped like a Switchboard key. */
export function apiKeyPrefix(key: string): string | null {
  return API_KEY_PATTERN.exec(key)?.[1] ?? null;
}

/** Whether `key` hashes to `storedHash`, in constant time (the lookup went by the public prefix). */
export function apiKeyMatches(key: string, storedHash: Buffer): boolean {
  const hash = hashApiKey(key);
  return hash.length === storedHash.length && timingSafeEqual(hash, storedHash);
}

/** How a key is shown in lists: the prefix only. */
export const displayPrefix = (prefix: string) => `sb_key_${prefix}`;
