import { BlockList, isIP } from 'node:net';

/** A membership test for TRUSTED_PROXIES' addresses and CIDR ranges (IPv4-mapped IPv6 forms included). */
export function proxyTrust(entries: readonly string[]): (address: string) => boolean {
  const trusted = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) trusted.addAddress(address, family);
    else trusted.addSubnet(address, Number(prefix), family);
  }
  return (address) => {
    const family = isIP(address);
    return family !== 0 && trusted.check(address, family === 6 ? 'ipv6' : 'ipv4');
  };
}

/**
 * The client's address as the dashboard's server can vouch for it: the connecting peer, unless the peer is a
 * trusted proxy, in which case its X-Forwarded-For is walked from the right for as long as each hop is a
 * trusted proxy too (as the API's proxy-addr does). A browser's own X-Forwarded-For is never believed.
 */
export function clientAddress(
  peer: string,
  forwardedFor: string | string[] | undefined,
  isTrusted: (address: string) => boolean,
): string {
  const hops = [forwardedFor ?? []]
    .flat()
    .flatMap((value) => value.split(','))
    .map((hop) => hop.trim())
    .filter(Boolean);
  let client = peer;
  while (isTrusted(client)) {
    const next = hops.pop();
    if (next === undefined || isIP(next) === 0) break;
    client = next;
  }
  return client;
}
