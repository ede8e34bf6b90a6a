/**
 * IP literals as the WHATWG URL parser leaves them in `URL.hostname`, and the ranges they
 * fall in (IANA IPv4 and IPv6 Special-Purpose Address Registries, RFC 6890 and updates).
 *
 * The parser has already turned every numeric spelling (`2130706433`, `0x7f.1`, `0177.0.0.1`,
 * `127.1`, `[::ffff:127.0.0.1]`) into canonical dotted-decimal or bracketed hex, so the
 * parsers here are strict: anything else is not an IP literal.
 */

export type AddressClass =
  | "public"
  | "loopback"
  | "private"
  | "link-local"
  | "shared"
  | "unspecified"
  | "multicast"
  | "documentation"
  | "reserved";

export type IpLiteral = { version: 4; value: number } | { version: 6; value: bigint };

const DECIMAL_OCTET = /^(0|[1-9][0-9]{0,2})$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;

/** Strict dotted-decimal IPv4 (`a.b.c.d`, no leading zeros), as an unsigned 32-bit number. */
export function parseIPv4(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!DECIMAL_OCTET.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

/** IPv6 with or without brackets, `::` and a dotted IPv4 tail allowed; zone ids are not. */
export function parseIPv6(text: string): bigint | null {
  let body = text;
  if (body.startsWith("[") || body.endsWith("]")) {
    if (!(body.startsWith("[") && body.endsWith("]"))) return null;
    body = body.slice(1, -1);
  }
  const halves = body.split("::");
  if (halves.length > 2) return null;
  const head = parseGroups(halves[0] ?? "", halves.length === 1);
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? "", true) : [];
  if (head === null || tail === null) return null;
  const missing = 8 - head.length - tail.length;
  // Without `::` all eight groups must be there; with it, it stands for at least one.
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...new Array<number>(missing).fill(0), ...tail];
  return groups.reduce((acc, group) => (acc << 16n) | BigInt(group), 0n);
}

/** Colon-separated hex groups; the last may be a dotted IPv4 worth two groups. */
function parseGroups(text: string, mayEndInIPv4: boolean): number[] | null {
  if (text === "") return [];
  const pieces = text.split(":");
  const groups: number[] = [];
  for (const [index, piece] of pieces.entries()) {
    if (mayEndInIPv4 && index === pieces.length - 1 && piece.includes(".")) {
      const v4 = parseIPv4(piece);
      if (v4 === null) return null;
      groups.push(v4 >>> 16, v4 & 0xffff);
    } else if (HEX_GROUP.test(piece)) {
      groups.push(Number.parseInt(piece, 16));
    } else {
      return null;
    }
  }
  return groups;
}

/** A `URL.hostname` as an IP literal, or null when it is a name. */
function parseIpLiteral(hostname: string): IpLiteral | null {
  if (hostname.startsWith("[")) {
    const value = parseIPv6(hostname);
    return value === null ? null : { version: 6, value };
  }
  const value = parseIPv4(hostname);
  return value === null ? null : { version: 4, value };
}

interface V4Range {
  base: number;
  bits: number;
  kind: AddressClass;
}

function v4(cidr: string, kind: AddressClass): V4Range {
  const [address = "", bits = ""] = cidr.split("/");
  const base = parseIPv4(address);
  if (base === null) throw new Error(`bad IPv4 range ${cidr}`);
  return { base, bits: Number(bits), kind };
}

// First match wins, so narrower ranges come before the ones that contain them. AS112 and
// AMT (192.31.196/24, 192.52.193/24, 192.175.48/24) are globally reachable: public.
const IPV4_RANGES: readonly V4Range[] = [
  v4("0.0.0.0/32", "unspecified"),
  v4("0.0.0.0/8", "reserved"), // "this network"
  v4("10.0.0.0/8", "private"),
  v4("100.64.0.0/10", "shared"), // CGNAT
  v4("127.0.0.0/8", "loopback"),
  v4("169.254.0.0/16", "link-local"),
  v4("172.16.0.0/12", "private"),
  // IETF protocol assignments; a few members are globally reachable, none is a webhook host.
  v4("192.0.0.0/24", "reserved"),
  v4("192.0.2.0/24", "documentation"),
  v4("192.88.99.0/24", "reserved"), // deprecated 6to4 relay anycast
  v4("192.168.0.0/16", "private"),
  v4("198.18.0.0/15", "reserved"), // benchmarking
  v4("198.51.100.0/24", "documentation"),
  v4("203.0.113.0/24", "documentation"),
  v4("233.252.0.0/24", "documentation"), // MCAST-TEST-NET
  v4("224.0.0.0/4", "multicast"),
  v4("240.0.0.0/4", "reserved"), // includes 255.255.255.255, limited broadcast
];

export function classifyIPv4(value: number): AddressClass {
  for (const range of IPV4_RANGES) {
    const size = 2 ** (32 - range.bits);
    if (Math.floor(value / size) === Math.floor(range.base / size)) return range.kind;
  }
  return "public";
}

/**
 * An IPv6 range either has a class of its own or carries an IPv4 address at `v4At` (bit
 * offset from the left) and takes that address's class; `ifPublic` says what a public
 * embedded address makes of it, for prefixes nothing should route to (e.g. local NAT64).
 */
type V6Rule = { kind: AddressClass } | { v4At: number; ifPublic: AddressClass };
type V6Range = { base: bigint; bits: number } & V6Rule;

function v6(cidr: string, rule: V6Rule): V6Range {
  const [address = "", bits = ""] = cidr.split("/");
  const base = parseIPv6(address);
  if (base === null) throw new Error(`bad IPv6 range ${cidr}`);
  return { base, bits: Number(bits), ...rule };
}

const IPV6_RANGES: readonly V6Range[] = [
  v6("::/128", { kind: "unspecified" }),
  v6("::1/128", { kind: "loopback" }),
  v6("::ffff:0:0/96", { v4At: 96, ifPublic: "public" }), // IPv4-mapped: it is that address
  v6("::ffff:0:0:0/96", { v4At: 96, ifPublic: "reserved" }), // SIIT IPv4-translated
  v6("::/96", { v4At: 96, ifPublic: "reserved" }), // deprecated IPv4-compatible
  v6("64:ff9b::/96", { v4At: 96, ifPublic: "public" }), // well-known NAT64 prefix
  v6("64:ff9b:1::/48", { v4At: 96, ifPublic: "reserved" }), // local-use NAT64
  v6("100::/64", { kind: "reserved" }), // discard-only
  // IETF protocol assignments: Teredo, benchmarking, ORCHID, anycast services. Blocked whole.
  v6("2001::/23", { kind: "reserved" }),
  v6("2001:db8::/32", { kind: "documentation" }),
  v6("2002::/16", { v4At: 16, ifPublic: "public" }), // 6to4
  v6("3fff::/20", { kind: "documentation" }),
  v6("fc00::/7", { kind: "private" }), // unique local
  v6("fe80::/10", { kind: "link-local" }),
  v6("fec0::/10", { kind: "reserved" }), // deprecated site-local
  v6("ff00::/8", { kind: "multicast" }),
  // Only 2000::/3 is allocated as global unicast; everything else left is unassigned.
  v6("2000::/3", { kind: "public" }),
];

function classifyIPv6(value: bigint): AddressClass {
  for (const range of IPV6_RANGES) {
    const shift = BigInt(128 - range.bits);
    if (value >> shift !== range.base >> shift) continue;
    if ("kind" in range) return range.kind;
    const embedded = Number((value >> BigInt(128 - range.v4At - 32)) & 0xffffffffn);
    const kind = classifyIPv4(embedded);
    return kind === "public" ? range.ifPublic : kind;
  }
  return "reserved";
}

/** The class of a `URL.hostname`, or null when it is a name rather than an IP literal. */
export function classifyHostname(hostname: string): AddressClass | null {
  const literal = parseIpLiteral(hostname);
  if (literal === null) return null;
  return literal.version === 4 ? classifyIPv4(literal.value) : classifyIPv6(literal.value);
}
