import { describe, expect, it } from 'vitest';
import { VerifiedSessions } from '../src/plugins/verified-sessions.ts';

// What the API may answer again without better-auth: only the exact header better-auth verified, only until
// the cache cookie inside it expires, and nothing when the header could be read two ways.

const NAME = 'better-auth.session_data';
const NOW = 1_800_000_000_000;
type Session = { session: { expiresAt: Date }; user: { id: string } };
const session = (expiresAt: number): Session => ({
  session: { expiresAt: new Date(expiresAt) },
  user: { id: 'u1' },
});
const cacheCookie = (expiresAt: number) =>
  `${NAME}=${Buffer.from(JSON.stringify({ session: {}, expiresAt, signature: 'x' })).toString('base64url')}`;
const header = (...cookies: string[]) => ['better-auth.session_token=token.sig', ...cookies].join('; ');

function clock() {
  let now = NOW;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('verified sessions', () => {
  it("answers the same header until the cache cookie's own expiry, not a moment longer", () => {
    const time = clock();
    const sessions = new VerifiedSessions<Session>(NAME, time.now);
    const cookie = header(cacheCookie(NOW + 30_000));
    sessions.remember(cookie, session(NOW + 86_400_000));
    expect(sessions.find(cookie)?.user.id).toBe('u1');
    time.advance(29_999);
    expect(sessions.find(cookie)).toBeDefined();
    time.advance(1);
    expect(sessions.find(cookie)).toBeUndefined();
  });

  it('never outlives the session itself', () => {
    const time = clock();
    const sessions = new VerifiedSessions<Session>(NAME, time.now);
    const cookie = header(cacheCookie(NOW + 30_000));
    sessions.remember(cookie, session(NOW + 10_000));
    time.advance(10_000);
    expect(sessions.find(cookie)).toBeUndefined();
  });

  it('a header that differs in any cookie is verified again', () => {
    const sessions = new VerifiedSessions<Session>(NAME, clock().now);
    const cookie = header(cacheCookie(NOW + 30_000));
    sessions.remember(cookie, session(NOW + 86_400_000));
    expect(sessions.find(`${cookie}; switchboard-last-organization=o1`)).toBeUndefined();
    expect(sessions.find(undefined)).toBeUndefined();
  });

  it.each([
    ['no cache cookie', header()],
    ['the cache cookie twice', header(cacheCookie(NOW + 30_000), cacheCookie(NOW + 9_000_000))],
    ['a chunked cache cookie', header(`${NAME}.0=abc`, `${NAME}.1=def`)],
    ['a percent-encoded value', header(`${cacheCookie(NOW + 30_000)}%3D`)],
    ['a quoted value', header(`${NAME}="${cacheCookie(NOW + 30_000).slice(NAME.length + 1)}"`)],
    ['a value that is not JSON', header(`${NAME}=bm90IGpzb24`)],
    ['an expired cache cookie', header(cacheCookie(NOW - 1))],
  ])('remembers nothing for %s', (_, cookie) => {
    const sessions = new VerifiedSessions<Session>(NAME, clock().now);
    sessions.remember(cookie, session(NOW + 86_400_000));
    expect(sessions.find(cookie)).toBeUndefined();
  });
});
