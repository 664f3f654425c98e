import { createHash } from 'node:crypto';
import sodium from 'libsodium-wrappers';
import { createLegacyOpener, LEGACY_VERSION } from './legacy-aes-box.ts';
import { SecretBoxError } from './secret-box-error.ts';

// libsodium runs as WebAssembly that loads asynchronously; every importer of this module waits for it once.
await sodium.ready;

const VERSION = 'v2';
const KEY_BYTES = 32;
const CONTEXT_LENGTH_BYTES = 4;

/**
 * What the API holds: seals tool secrets and OAuth tokens for the worker tier with its public key
 * (libsodium sealed box, X25519 + XSalsa20-Poly1305). It has no way to open what it sealed.
 */
export interface SecretSealer {
  /** Names the key pair new values are sealed for (the first 8 hex digits of SHA-256 of its public key). */
  readonly keyId: string;
  /** `v2.<key id>.<sealed box>`; the context (tool id + secret name) is sealed inside and checked on open. */
  seal(plaintext: string, context: string): string;
}

/** What the worker tier holds: the private keys that open sealed values, and the current key to re-seal. */
export interface SecretBox extends SecretSealer {
  open(sealed: string, context: string): string;
  /** Whether a value was sealed for an older key pair or in the former format, and should be re-sealed. */
  isStale(sealed: string): boolean;
}

function decodeKey(encoded: string, variable: string): Uint8Array {
  const bytes = Buffer.from(encoded.trim(), 'base64');
  if (bytes.length !== KEY_BYTES) {
    throw new SecretBoxError(
      `${variable} must be ${KEY_BYTES} bytes in base64 (got ${bytes.length}); npm start generates a key pair, or run: npx tsx scripts/secrets-key-pair.ts`,
    );
  }
  return new Uint8Array(bytes);
}

const keyIdOf = (publicKey: Uint8Array) => createHash('sha256').update(publicKey).digest('hex').slice(0, 8);
const encode = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

// A sealed box authenticates no associated data, so the context travels inside the sealed message:
// [context length, 4 bytes big-endian][context][plaintext]. Opening checks it against the row's context.
function frame(context: string, plaintext: string): Uint8Array {
  const contextBytes = Buffer.from(context, 'utf8');
  const length = Buffer.alloc(CONTEXT_LENGTH_BYTES);
  length.writeUInt32BE(contextBytes.length);
  return new Uint8Array(Buffer.concat([length, contextBytes, Buffer.from(plaintext, 'utf8')]));
}

function unframe(framed: Uint8Array): { context: string; plaintext: string } | undefined {
  const bytes = Buffer.from(framed.buffer, framed.byteOffset, framed.byteLength);
  if (bytes.length < CONTEXT_LENGTH_BYTES) return undefined;
  const end = CONTEXT_LENGTH_BYTES + bytes.readUInt32BE(0);
  if (end > bytes.length) return undefined;
  return {
    context: bytes.subarray(CONTEXT_LENGTH_BYTES, end).toString('utf8'),
    plaintext: bytes.subarray(end).toString('utf8'),
  };
}

function sealerFor(publicKey: Uint8Array): SecretSealer {
  const keyId = keyIdOf(publicKey);
  return {
    keyId,
    seal(plaintext, context) {
      const sealed = sodium.crypto_box_seal(frame(context, plaintext), publicKey);
      return `${VERSION}.${keyId}.${Buffer.from(sealed).toString('base64url')}`;
    },
  };
}

/** The API's side, from SWITCHBOARD_SECRETS_PUBLIC_KEY: seal only. */
export function createSecretSealer(publicKey: string): SecretSealer {
  return sealerFor(decodeKey(publicKey, 'SWITCHBOARD_SECRETS_PUBLIC_KEY'));
}

/**
 * The worker tier's side. `privateKey` opens and (through its public key) seals; `previousPrivateKeys`
 * still open values sealed before a rotation; `legacyKeys` open values of the former AES-GCM format. All
 * of those are stale, and `npm run secrets:reseal` (or the job runner at start) re-seals them.
 */
export function createSecretBox(options: {
  privateKey: string;
  previousPrivateKeys?: string[];
  legacyKeys?: string[];
}): SecretBox {
  const pairs = [
    decodeKey(options.privateKey, 'SWITCHBOARD_SECRETS_PRIVATE_KEY'),
    ...(options.previousPrivateKeys ?? []).map((key) =>
      decodeKey(key, 'each of SWITCHBOARD_SECRETS_PREVIOUS_PRIVATE_KEYS'),
    ),
  ].map((privateKey) => {
    const publicKey = sodium.crypto_scalarmult_base(privateKey);
    return { id: keyIdOf(publicKey), publicKey, privateKey };
  });
  const current = sealerFor(pairs[0]!.publicKey);
  const pairsById = new Map(pairs.map((pair) => [pair.id, pair]));
  const openLegacy = createLegacyOpener(options.legacyKeys ?? []);
  const refused = () => new SecretBoxError('the secret does not open: it was altered or belongs elsewhere');

  return {
    keyId: current.keyId,
    seal: current.seal,
    open(sealed, context) {
      if (sealed.startsWith(`${LEGACY_VERSION}.`)) return openLegacy(sealed, context);
      const [version, keyId, body, ...rest] = sealed.split('.');
      if (version !== VERSION || !keyId || !body || rest.length > 0) {
        throw new SecretBoxError('not a sealed secret');
      }
      const pair = pairsById.get(keyId);
      if (!pair) {
        throw new SecretBoxError(
          `sealed for key pair ${keyId}, which is neither SWITCHBOARD_SECRETS_PRIVATE_KEY's nor one of SWITCHBOARD_SECRETS_PREVIOUS_PRIVATE_KEYS`,
        );
      }
      let framed: Uint8Array;
      try {
        framed = sodium.crypto_box_seal_open(Buffer.from(body, 'base64url'), pair.publicKey, pair.privateKey);
      } catch {
        throw refused();
      }
      const opened = unframe(framed);
      if (!opened || opened.context !== context) throw refused();
      return opened.plaintext;
    },
    isStale(sealed) {
      return !sealed.startsWith(`${VERSION}.${current.keyId}.`);
    },
  };
}

/** A new key pair, base64: the public key for the API, the private key for the worker tier only. */
export function generateSecretsKeyPair(): { publicKey: string; privateKey: string } {
  const pair = sodium.crypto_box_keypair();
  return { publicKey: encode(pair.publicKey), privateKey: encode(pair.privateKey) };
}

/** The public key that belongs to a private key (what to give the API when only the private key is set). */
export function publicKeyOf(privateKey: string): string {
  return encode(sodium.crypto_scalarmult_base(decodeKey(privateKey, 'SWITCHBOARD_SECRETS_PRIVATE_KEY')));
}
