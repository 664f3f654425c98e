import { describe, expect, it } from 'vitest';
import { clientAddress, proxyTrust } from './client-address.ts';

describe("the dashboard server's view of the client address", () => {
  it('trusts nobody by default: a forged X-Forwarded-For from a browser is ignored', () => {
    const nobody = proxyTrust([]);
    expect(clientAddress('203.0.113.9', '198.51.100.1', nobody)).toBe('203.0.113.9');
    // A browser on the same machine is not a proxy either.
    expect(clientAddress('127.0.0.1', '198.51.100.1', nobody)).toBe('127.0.0.1');
    expect(clientAddress('::ffff:127.0.0.1', ['198.51.100.1', '10.0.0.1'], nobody)).toBe('::ffff:127.0.0.1');
  });

  it('walks the header of a trusted proxy, and only as far as the hops are trusted', () => {
    const nginx = proxyTrust(['10.0.0.0/8', '::1']);
    expect(clientAddress('10.1.2.3', '198.51.100.1', nginx)).toBe('198.51.100.1');
    // The client forged a first hop; the proxy appended the real address, which is the answer.
    expect(clientAddress('10.1.2.3', '6.6.6.6, 198.51.100.1', nginx)).toBe('198.51.100.1');
    expect(clientAddress('10.1.2.3', ['6.6.6.6', '10.9.9.9, 198.51.100.1'], nginx)).toBe('198.51.100.1');
    expect(clientAddress('::1', '10.0.0.7, 2001:db8::5', nginx)).toBe('2001:db8::5');
    expect(clientAddress('::ffff:10.1.2.3', '198.51.100.1', nginx)).toBe('198.51.100.1');
  });

  it('stops at the proxy when its header is missing or not an address', () => {
    const nginx = proxyTrust(['10.0.0.1']);
    expect(clientAddress('10.0.0.1', undefined, nginx)).toBe('10.0.0.1');
    expect(clientAddress('10.0.0.1', 'unknown', nginx)).toBe('10.0.0.1');
  });
});
