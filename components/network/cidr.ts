// IPv4 CIDR arithmetic, just enough to carve a VPC into subnets deterministically.

export interface Cidr {
  /** Network address as an unsigned 32-bit integer. */
  base: number;
  prefix: number;
}

/** AWS's smallest subnet is a /28. */
export const SMALLEST_SUBNET_PREFIX = 28;

export function parseCidr(text: string): Cidr {
  const { base, prefix, hostBitsSet } = networkOf(text);
  if (hostBitsSet) throw new Error(`"${text}" has host bits set: the network address of a /${prefix} there is ${formatCidr({ base, prefix })}`);
  return { base, prefix };
}

export function formatCidr(cidr: Cidr): string {
  return `${formatIp(cidr.base)}/${cidr.prefix}`;
}

/** Dotted-quad form of an unsigned 32-bit address. */
export function formatIp(address: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(address / 2 ** shift) % 256).join(".");
}

/**
 * The network a CIDR names, host bits cleared, and whether any were set. For values that only passed a
 * format check (the config layer reports host bits itself, with the path).
 */
export function networkOf(text: string): Cidr & { hostBitsSet: boolean } {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
  if (!match) throw new Error(`"${text}" is not an IPv4 CIDR like 10.0.0.0/16`);
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) throw new Error(`"${text}" is not an IPv4 CIDR like 10.0.0.0/16`);
  const address = octets.reduce((acc, o) => acc * 256 + o, 0);
  const base = address - (address % blockSize(prefix));
  return { base, prefix, hostBitsSet: base !== address };
}

/** Whether `inner` lies entirely inside `outer`. */
export function contains(outer: Cidr, inner: Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.base - (inner.base % blockSize(outer.prefix)) === outer.base;
}

/** Whether two networks share any address (for CIDR blocks: one contains the other). */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return contains(a, b) || contains(b, a);
}

function blockSize(prefix: number): number {
  return 2 ** (32 - prefix);
}

/** The index-th block of `newBits` extra prefix bits inside `parent` (Terraform's cidrsubnet). */
export function subnet(parent: Cidr, newBits: number, index: number): Cidr {
  const prefix = parent.prefix + newBits;
  if (prefix > 32) throw new Error(`${formatCidr(parent)} cannot be split ${newBits} more bits`);
  if (!Number.isInteger(index) || index < 0 || index >= 2 ** newBits) {
    throw new Error(`${formatCidr(parent)} has no block ${index} of /${prefix}`);
  }
  return { base: parent.base + index * blockSize(prefix), prefix };
}

/** Bits needed to number `count` blocks. */
export function bitsFor(count: number): number {
  return Math.ceil(Math.log2(Math.max(count, 1)));
}
