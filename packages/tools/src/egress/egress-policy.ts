import ipaddr from 'ipaddr.js';

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Range = [Address, number];

/** Every public IPv6 unicast address is in 2000::/3; the rest is special, reserved or unassigned. */
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parseCIDR('2000::/3');

/** The 32 bits at `words[i]`, `words[i + 1]` of an IPv6 address as an IPv4 address. */
function ipv4From(high: number, low: number): ipaddr.IPv4 {
  return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
}

/**
 * The IPv4 address an IPv6 address stands for, when it is one of the forms that reach an IPv4 host:
 * IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d, deprecated but still routed by some stacks),
 * IPv4-translated (::ffff:0:a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::).
 */
function embeddedIPv4(address: ipaddr.IPv6): ipaddr.IPv4 | undefined {
  const [a, b, c, d, e, f, g, h] = address.parts as [
    number,
    number,
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const zeroPrefix = a === 0 && b === 0 && c === 0 && d === 0;
  if (zeroPrefix && e === 0 && (f === 0xffff || f === 0)) return ipv4From(g, h);
  if (zeroPrefix && e === 0xffff && f === 0) return ipv4From(g, h);
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0) return ipv4From(g, h);
  if (a === 0x2002) return ipv4From(b, c);
  return undefined;
}

function parseAddress(address: string): Address | undefined {
  try {
    return ipaddr.parse(address.replace(/^\[(.*)\]$/, '$1'));
  } catch {
    return undefined;
  }
}

/**
 * True for an address anyone on the internet could reach: IPv4 outside every special range ipaddr.js knows
 * (loopback, private, link-local, carrier-grade NAT, unspecified, broadcast, multicast, reserved and
 * documentation ranges…), IPv6 in 2000::/3 outside its special ranges (teredo, benchmarking, ORCHID,
 * documentation…). An IPv6 form of an IPv4 address (mapped, compatible, NAT64, 6to4) is judged by that
 * IPv4 address. Anything that does not parse is not public.
 */
export function isPublicAddress(address: string): boolean {
  const parsed = parseAddress(address);
  if (!parsed) return false;
  if (parsed.kind() === 'ipv4') return parsed.range() === 'unicast';
  const v6 = parsed as ipaddr.IPv6;
  const v4 = embeddedIPv4(v6);
  if (v4) return v4.range() === 'unicast';
  return v6.match(GLOBAL_UNICAST_V6) && v6.range() === 'unicast';
}

/** An EGRESS_ALLOW entry that is neither a host name, an IP address nor a CIDR range. */
export class EgressAllowlistError extends Error {
  override name = 'EgressAllowlistError';
}

const HOST_NAME = /^(\*\.)?([a-z0-9_]([a-z0-9_-]*[a-z0-9_])?\.)*[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$/;

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** The entries of EGRESS_ALLOW (comma- or space-separated), checked: throws EgressAllowlistError naming a bad one. */
export function readEgressAllow(text: string): string[] {
  const entries = text.split(/[\s,]+/).filter(Boolean);
  createEgressPolicy(entries);
  return entries;
}

/** What the operator lets through although it is internal, and the decisions the egress guard makes. */
export interface EgressPolicy {
  /** True when `hostname` (a name) is on the allowlist: whatever it resolves to may be reached. */
  allowsName(hostname: string): boolean;
  /** True when `address` may be connected to: a public address, or one an allowlisted range covers. */
  allowsAddress(address: string): boolean;
  /** True when a name that resolved to `addresses` may be reached: an allowed name, or every address allowed. */
  allowsResolved(hostname: string, addresses: readonly string[]): boolean;
}

/**
 * The egress policy with the operator's allowlist (EGRESS_ALLOW): host names (`intranet.local`, or
 * `*.corp.example` for its subdomains), IP addresses (`10.1.2.3`, `::1`) and CIDR ranges (`10.0.0.0/8`,
 * `fd00::/8`). An entry allows every port. Throws EgressAllowlistError naming an entry it cannot read.
 */
export function createEgressPolicy(allow: readonly string[] = []): EgressPolicy {
  const names = new Set<string>();
  const suffixes: string[] = [];
  const ranges: Range[] = [];
  for (const raw of allow) {
    const entry = raw.trim();
    if (!entry) continue;
    const unreadable = () =>
      new EgressAllowlistError(`"${entry}" is neither a host name, an IP address nor a CIDR range`);
    if (entry.includes('/')) {
      try {
        ranges.push(ipaddr.parseCIDR(entry));
      } catch {
        if (!ipaddr.isValid(entry.split('/')[0] ?? '')) throw unreadable();
        throw new EgressAllowlistError(`"${entry}" is not a valid CIDR range`);
      }
      continue;
    }
    const address = ipaddr.IPv4.isValidFourPartDecimal(entry)
      ? ipaddr.IPv4.parse(entry)
      : ipaddr.IPv6.isValid(entry.replace(/^\[(.*)\]$/, '$1'))
        ? parseAddress(entry)
        : undefined;
    if (address) {
      ranges.push([address, address.kind() === 'ipv4' ? 32 : 128]);
      continue;
    }
    const name = normalizeName(entry);
    // A URL whose last label is a number is an IPv4 address in disguise (127.1, 0x7f000001): never a name.
    if (!HOST_NAME.test(name) || /^(0x[0-9a-f]*|\d+)$/.test(name.split('.').at(-1) ?? '')) {
      throw unreadable();
    }
    if (name.startsWith('*.')) suffixes.push(name.slice(1));
    else names.add(name);
  }

  const inRanges = (address: Address) =>
    ranges.some((range) => address.kind() === range[0].kind() && address.match(range));

  const allowsName = (hostname: string) => {
    const name = normalizeName(hostname);
    return names.has(name) || suffixes.some((suffix) => name.endsWith(suffix));
  };

  const allowsAddress = (address: string) => {
    if (isPublicAddress(address)) return true;
    const parsed = parseAddress(address);
    if (!parsed) return false;
    if (inRanges(parsed)) return true;
    // ::ffff:10.1.2.3 reaches 10.1.2.3: allowing the one allows the other.
    const v4 = parsed.kind() === 'ipv6' ? embeddedIPv4(parsed as ipaddr.IPv6) : undefined;
    return v4 !== undefined && inRanges(v4);
  };

  return {
    allowsName,
    allowsAddress,
    allowsResolved: (hostname, addresses) =>
      allowsName(hostname) || (addresses.length > 0 && addresses.every(allowsAddress)),
  };
}
