import { describe, expect, it } from 'vitest';
import { createEgressPolicy, EgressAllowlistError, isPublicAddress } from '../../src/egress/egress-policy.ts';

// One line per range: the address, and why it is refused.
const INTERNAL: [string, string][] = [
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', '"this network" (0/8)'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback, end of 127/8'],
  ['10.0.0.1', 'private 10/8'],
  ['10.255.255.255', 'private 10/8, last'],
  ['172.16.0.1', 'private 172.16/12'],
  ['172.31.255.255', 'private 172.16/12, last'],
  ['192.168.1.1', 'private 192.168/16'],
  ['169.254.169.254', 'link-local: the cloud metadata service'],
  ['169.254.0.1', 'link-local'],
  ['100.64.0.1', 'carrier-grade NAT'],
  ['100.127.255.255', 'carrier-grade NAT, last'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast (SSDP)'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved 240/4'],
  ['192.0.0.1', 'IETF protocol assignments'],
  ['192.0.2.1', 'documentation TEST-NET-1'],
  ['198.51.100.1', 'documentation TEST-NET-2'],
  ['203.0.113.1', 'documentation TEST-NET-3'],
  ['198.18.0.1', 'benchmarking'],
  ['::', 'IPv6 unspecified'],
  ['::1', 'IPv6 loopback'],
  ['fe80::1', 'IPv6 link-local'],
  ['febf::1', 'IPv6 link-local, end of fe80::/10'],
  ['fc00::1', 'unique-local fc00::/7'],
  ['fd12:3456::1', 'unique-local fd00::/8'],
  ['fec0::1', 'deprecated site-local'],
  ['ff02::1', 'IPv6 multicast'],
  ['100::1', 'discard prefix'],
  ['2001:db8::1', 'IPv6 documentation'],
  ['2001::1', 'teredo'],
  ['2001:2::1', 'IPv6 benchmarking'],
  ['3fff::1', 'IPv6 documentation (RFC 9637)'],
  ['4000::1', 'outside 2000::/3 (unassigned)'],
  ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
  ['::ffff:7f00:1', 'IPv4-mapped loopback, hex'],
  ['::ffff:169.254.169.254', 'IPv4-mapped metadata'],
  ['::ffff:10.0.0.1', 'IPv4-mapped private'],
  ['::127.0.0.1', 'IPv4-compatible loopback'],
  ['::7f00:1', 'IPv4-compatible loopback, hex'],
  ['::a00:1', 'IPv4-compatible private'],
  ['::ffff:0:127.0.0.1', 'IPv4-translated loopback'],
  ['64:ff9b::127.0.0.1', 'NAT64 of loopback'],
  ['64:ff9b::a9fe:a9fe', 'NAT64 of the metadata service'],
  ['64:ff9b:1::1', 'local-use NAT64'],
  ['2002:7f00:1::', '6to4 of loopback'],
  ['2002:a9fe:a9fe::1', '6to4 of the metadata service'],
  ['2002:c0a8:101::1', '6to4 of 192.168.1.1'],
  ['[::1]', 'bracketed, as URLs write it'],
  ['fe80::1%eth0', 'link-local with a zone'],
  ['localhost', 'a name, not an address'],
  ['', 'empty'],
  ['not an address', 'garbage'],
];

const PUBLIC = [
  '8.8.8.8',
  '1.1.1.1',
  '93.184.215.14',
  '172.15.255.255', // just below 172.16/12
  '172.32.0.1', // just above
  '100.63.255.255', // just below 100.64/10
  '100.128.0.1', // just above
  '169.253.255.255',
  '11.0.0.1',
  '2606:4700:4700::1111',
  '2001:4860:4860::8888',
  '2a00:1450:4001:82b::200e',
  '::ffff:8.8.8.8', // IPv4-mapped of a public address
  '64:ff9b::808:808', // NAT64 of 8.8.8.8
  '2002:808:808::1', // 6to4 of 8.8.8.8
];

describe('isPublicAddress', () => {
  it.each(INTERNAL)('refuses %s (%s)', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });

  it.each(PUBLIC)('accepts %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('createEgressPolicy', () => {
  it('without an allowlist allows exactly the public addresses', () => {
    const policy = createEgressPolicy();
    for (const [address] of INTERNAL)
      expect([address, policy.allowsAddress(address)]).toEqual([address, false]);
    for (const address of PUBLIC) expect([address, policy.allowsAddress(address)]).toEqual([address, true]);
    expect(policy.allowsName('localhost')).toBe(false);
  });

  it('allows CIDR ranges and single addresses, also in their IPv6 forms', () => {
    const policy = createEgressPolicy(['10.0.0.0/8', ' 127.0.0.1 ', 'fd00::/8', '::1', '']);
    expect(policy.allowsAddress('10.20.30.40')).toBe(true);
    expect(policy.allowsAddress('::ffff:10.20.30.40')).toBe(true);
    expect(policy.allowsAddress('127.0.0.1')).toBe(true);
    expect(policy.allowsAddress('::ffff:127.0.0.1')).toBe(true);
    expect(policy.allowsAddress('127.0.0.2')).toBe(false);
    expect(policy.allowsAddress('fd12::1')).toBe(true);
    expect(policy.allowsAddress('fc00::1')).toBe(false);
    expect(policy.allowsAddress('::1')).toBe(true);
    expect(policy.allowsAddress('192.168.1.1')).toBe(false);
    expect(policy.allowsAddress('169.254.169.254')).toBe(false);
  });

  it('allows names exactly, or their subdomains with *., case and trailing dot aside', () => {
    const policy = createEgressPolicy(['Intranet.Local', '*.corp.example']);
    expect(policy.allowsName('intranet.local')).toBe(true);
    expect(policy.allowsName('INTRANET.local.')).toBe(true);
    expect(policy.allowsName('api.intranet.local')).toBe(false);
    expect(policy.allowsName('crm.corp.example')).toBe(true);
    expect(policy.allowsName('a.b.corp.example')).toBe(true);
    expect(policy.allowsName('corp.example')).toBe(false);
    expect(policy.allowsName('evilcorp.example')).toBe(false);
  });

  it('allows a resolved name only when the name is allowed or every address is', () => {
    const policy = createEgressPolicy(['10.0.0.0/8', 'intranet.local']);
    expect(policy.allowsResolved('example.com', ['93.184.215.14'])).toBe(true);
    expect(policy.allowsResolved('example.com', ['93.184.215.14', '127.0.0.1'])).toBe(false);
    expect(policy.allowsResolved('example.com', ['2606:4700::1', 'fe80::1'])).toBe(false);
    expect(policy.allowsResolved('svc.example', ['10.1.1.1', '10.2.2.2'])).toBe(true);
    expect(policy.allowsResolved('intranet.local', ['192.168.7.7'])).toBe(true);
    expect(policy.allowsResolved('example.com', [])).toBe(false);
  });

  it.each([
    ['10.0.0.0/33', 'is not a valid CIDR range'],
    ['10.0.0.0/x', 'is not a valid CIDR range'],
    ['intranet.local/8', 'is neither a host name, an IP address nor a CIDR range'],
    ['http://intranet.local', 'is neither a host name, an IP address nor a CIDR range'],
    ['intranet.local:8080', 'is neither a host name, an IP address nor a CIDR range'],
    ['bad host', 'is neither a host name, an IP address nor a CIDR range'],
    ['127.1', 'is neither a host name, an IP address nor a CIDR range'],
    ['0x7f000001', 'is neither a host name, an IP address nor a CIDR range'],
    ['*', 'is neither a host name, an IP address nor a CIDR range'],
  ])('refuses the entry %s, naming it', (entry, reason) => {
    expect(() => createEgressPolicy([entry])).toThrow(new EgressAllowlistError(`"${entry}" ${reason}`));
  });
});
