import { createHash } from 'node:crypto';

/** How many browsers' sessions one API process remembers (about a kilobyte each). */
const MAX_ENTRIES = 10_000;

interface Entry<S> {
  session: S;
  /** Epoch ms after which better-auth itself would no longer accept the cache cookie. */
  validUntil: number;
}

/**
 * Sessions better-auth has already verified from its signed cache cookie, keyed by a hash of the whole Cookie
 * header that carried it. Verifying that cookie is a pure function of the header and the clock (two HMACs
 * and a parse, about a tenth of an API request's CPU), so the same header answers the same until the cookie's
 * own expiry, the instant better-auth would stop accepting it: the revocation window stays exactly the cache
 * window (docs/security/accounts.md). Only answers better-auth gave from the cookie, without setting one, are
 * remembered; a header that differs in any cookie is a new key and is verified again.
 */
export class VerifiedSessions<S extends { session: { expiresAt: Date | string } }> {
  readonly #entries = new Map<string, Entry<S>>();

  constructor(
    /** better-auth's cache cookie (`better-auth.session_data`, with its prefix on https). */
    private readonly cacheCookieName: string,
    private readonly now: () => number = Date.now,
  ) {}

  find(cookieHeader: string | undefined): S | undefined {
    if (!cookieHeader) return undefined;
    const key = keyOf(cookieHeader);
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.validUntil <= this.now()) return undefined;
    this.#entries.set(key, entry); // most recently used last
    return entry.session;
  }

  /** Remembers what better-auth answered for this header, when it came from a cache cookie it did not renew. */
  remember(cookieHeader: string | undefined, session: S): void {
    if (!cookieHeader) return;
    const cacheExpiresAt = cacheCookieExpiry(cookieHeader, this.cacheCookieName);
    if (cacheExpiresAt === undefined) return;
    const validUntil = Math.min(cacheExpiresAt, new Date(session.session.expiresAt).getTime());
    if (!(validUntil > this.now())) return;
    if (this.#entries.size >= MAX_ENTRIES) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(keyOf(cookieHeader), { session, validUntil });
  }
}

/** The header itself would keep session tokens in the map's keys; a digest of it does not. */
const keyOf = (cookieHeader: string) => createHash('sha256').update(cookieHeader).digest('base64url');

/**
 * The expiry inside better-auth's compact cache cookie (base64url JSON with `expiresAt`). Read without checking
 * the signature: better-auth has just verified this very value, and the expiry only ever shortens how long the
 * answer is kept. It must be the very value better-auth read, so anything that could make the two readings
 * differ remembers nothing: the cookie twice or chunked (`.0`, `.1`), or a value that is not plain base64url
 * (percent-encoded or quoted, which better-auth decodes first).
 */
function cacheCookieExpiry(cookieHeader: string, name: string): number | undefined {
  const candidates = cookieHeader
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.startsWith(name));
  const [pair] = candidates;
  if (candidates.length !== 1 || !pair?.startsWith(`${name}=`)) return undefined;
  const value = pair.slice(name.length + 1);
  if (!BASE64URL.test(value)) return undefined;
  try {
    const { expiresAt } = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    return typeof expiresAt === 'number' && Number.isFinite(expiresAt) ? expiresAt : undefined;
  } catch {
    return undefined;
  }
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;
