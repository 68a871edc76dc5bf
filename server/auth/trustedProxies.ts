// Which TCP peers are trusted reverse proxies: CIDR parsing for the config and a matcher over
// node:net's BlockList (IPv4, IPv6, and IPv4-mapped IPv6 such as ::ffff:127.0.0.1).

import { BlockList, isIP } from 'node:net';

const IPV4_BITS = 32;
const IPV6_BITS = 128;

export interface Cidr {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/**
 * Parses `10.0.0.0/8`, `fd00::/8`, or a single address (`127.0.0.1` means /32, `::1` /128).
 * Returns a reason instead when the text is not one, or when it would trust every address.
 */
export function parseCidr(text: string): Cidr | { error: string } {
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
  if (prefix > bits || prefix < 1) {
    return {
      error:
        prefix === 0
          ? 'a /0 block trusts every address; list only your proxy’s addresses'
          : `the prefix length must be a whole number from 1 to ${bits}`,
    };
  }
  return { address, prefix, family };
}

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

  /** Whether the TCP peer `address` (req.socket.remoteAddress, never a header) is a trusted proxy. */
  trusts(address: string | undefined): boolean {
    if (address === undefined) return false;
    const bare = address.split('%')[0] ?? '';
    const version = isIP(bare);
    if (version === 0) return false;
    return this.list.check(bare, version === 4 ? 'ipv4' : 'ipv6');
  }
}
