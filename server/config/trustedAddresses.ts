// Which peers are trusted reverse proxies: CIDR parsing for the config, and the one matcher that
// both auth.proxy.trustedProxies and trustProxy (http/proxyTrust.ts) use.

import { BlockList, isIP, isIPv6 } from 'node:net';

const IPV4_BITS = 32;
const IPV6_BITS = 128;

export interface Cidr {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/**
 * Parses `10.0.0.0/8`, `fd00::/8`, or a single address (`127.0.0.1` means /32, `::1` /128).
 * Returns a reason instead when the text is not one, or when it would trust every address
 * (`everyone`).
 */
export function parseCidr(text: string): Cidr | { error: string; everyone?: true } {
  const [address = '', prefixText, ...rest] = text.trim().split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) {
    return { error: 'must be an IP address or a CIDR block, like 10.0.0.0/8 or fd00::/8' };
  }
  const family = version === 4 ? 'ipv4' : 'ipv6';
  const bits = version === 4 ? IPV4_BITS : IPV6_BITS;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) {
    return { error: `the prefix length must be a whole number from 1 to ${bits}` };
  }
  if (prefix === 0) {
    return {
      error: 'a /0 block trusts every address; list only your proxy’s addresses',
      everyone: true,
    };
  }
  if (prefix > bits) return { error: `the prefix length must be a whole number from 1 to ${bits}` };
  return { address, prefix, family };
}

/** `fe80::1%eth0` is fe80::1 on interface eth0. Only IPv6 addresses have zones: `10.0.0.1%x` is no address. */
function withoutZone(address: string): string {
  const at = address.indexOf('%');
  if (at < 0) return address;
  const bare = address.slice(0, at);
  return isIPv6(bare) ? bare : address;
}

/**
 * A matcher over node:net's BlockList, which treats an IPv4-mapped IPv6 address (`::ffff:10.0.0.1`
 * or `::ffff:a00:1`, what a dual-stack socket reports for an IPv4 peer) as the IPv4 address, both
 * ways: it matches IPv4 blocks, and an IPv4 address matches `::ffff:` blocks.
 */
export class TrustedProxies {
  private readonly list = new BlockList();

  /** `cidrs` must have passed parseCidr (the config does that); anything else throws. */
  constructor(cidrs: readonly string[]) {
    for (const text of cidrs) {
      const cidr = parseCidr(text);
      if ('error' in cidr) throw new Error(`trusted proxy ${JSON.stringify(text)}: ${cidr.error}`);
      this.list.addSubnet(cidr.address, cidr.prefix, cidr.family);
    }
  }

  /**
   * Whether `address` is a trusted proxy: a TCP peer (req.socket.remoteAddress), or a hop of
   * X-Forwarded-For named by a trusted proxy. Anything that is not an address is not trusted.
   */
  trusts(address: string | undefined): boolean {
    if (address === undefined) return false;
    const bare = withoutZone(address);
    const version = isIP(bare);
    if (version === 0) return false;
    return this.list.check(bare, version === 4 ? 'ipv4' : 'ipv6');
  }
}
