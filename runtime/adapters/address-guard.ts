/**
 * @module Which addresses a `$` call may reach. Loopback, private, shared (CGNAT), link-local,
 * multicast, reserved and unspecified addresses are refused unless the bot's allow-list
 * (`runtime.http.allow` in bot.config.yaml: host names, addresses or CIDR ranges) opens them. The check
 * runs on the address actually connected to (after DNS, on every redirect hop), so `2130706433`,
 * `0x7f.1`, `[::ffff:127.0.0.1]` and a DNS name pointing at 127.0.0.1 are all the same loopback address.
 */
import net from "node:net";

export interface AddressPolicy {
  /** Null when the address may be reached; else why not (for the log line). */
  refusal(host: string, address: string): string | null;
}

const BLOCKED_V4: [string, number, string][] = [
  ["0.0.0.0", 8, "unspecified"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "shared (carrier-grade NAT)"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "reserved"],
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "reserved (benchmarking)"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved"],
];
const BLOCKED_V6: [string, number, string][] = [
  ["::", 128, "unspecified"],
  ["::1", 128, "loopback"],
  ["fc00::", 7, "private (unique local)"],
  ["fe80::", 10, "link-local"],
  ["ff00::", 8, "multicast"],
];

/** The IPv4 address inside an IPv4-mapped (`::ffff:a.b.c.d`) or IPv4-compatible IPv6 address, if any. */
export function embeddedV4(address: string): string | null {
  const dotted = /^(?:0{0,4}:){0,5}(?:ffff:)?(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (dotted && net.isIPv4(dotted[1]!)) return dotted[1]!;
  const hex = /^(?:0{0,4}:){0,5}ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address) ?? /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(address);
  if (!hex) return null;
  const high = parseInt(hex[1]!, 16);
  const low = parseInt(hex[2]!, 16);
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

/** Why an address is not public, or null for a public one. */
export function privateKind(address: string): string | null {
  const v4 = net.isIPv4(address) ? address : embeddedV4(address);
  if (v4 !== null) {
    for (const [base, bits, kind] of BLOCKED_V4) if (inSubnet(v4, base, bits, "ipv4")) return kind;
    return v4 === "255.255.255.255" ? "broadcast" : null;
  }
  if (!net.isIPv6(address)) return "not an IP address";
  for (const [base, bits, kind] of BLOCKED_V6) if (inSubnet(address, base, bits, "ipv6")) return kind;
  return null;
}

function inSubnet(address: string, base: string, bits: number, family: "ipv4" | "ipv6"): boolean {
  const list = new net.BlockList();
  list.addSubnet(base, bits, family);
  return list.check(address, family);
}

/** An allow-list entry: a host name, an address, or a CIDR range. Returns an error sentence for a bad one. */
export function parseAllowEntry(
  entry: string,
): { type: "host"; host: string } | { type: "subnet"; base: string; bits: number; family: "ipv4" | "ipv6" } | { error: string } {
  const text = entry
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, "");
  const cidr = /^(.+)\/(\d{1,3})$/.exec(text);
  if (cidr) {
    const family = net.isIPv4(cidr[1]!) ? "ipv4" : net.isIPv6(cidr[1]!) ? "ipv6" : null;
    const bits = Number(cidr[2]);
    if (family === null || bits > (family === "ipv4" ? 32 : 128)) return { error: `"${entry}" is not a CIDR range (e.g. 10.0.0.0/8 or fd00::/8)` };
    return { type: "subnet", base: cidr[1]!, bits, family };
  }
  if (net.isIPv4(text)) return { type: "subnet", base: text, bits: 32, family: "ipv4" };
  if (net.isIPv6(text)) return { type: "subnet", base: text, bits: 128, family: "ipv6" };
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/.test(text))
    return { error: `"${entry}" is not a host name, an address or a CIDR range` };
  return { type: "host", host: text };
}

/** The policy for an allow-list (already validated; bad entries are skipped). */
export function addressPolicy(allow: readonly string[] = []): AddressPolicy {
  const hosts = new Set<string>();
  const list = new net.BlockList();
  for (const entry of allow) {
    const parsed = parseAllowEntry(entry);
    if ("error" in parsed) continue;
    if (parsed.type === "host") hosts.add(parsed.host);
    else list.addSubnet(parsed.base, parsed.bits, parsed.family);
  }
  const allowed = (address: string): boolean => {
    if (net.isIPv4(address)) return list.check(address, "ipv4");
    const v4 = embeddedV4(address);
    return list.check(address, "ipv6") || (v4 !== null && list.check(v4, "ipv4"));
  };
  return {
    refusal(host, address) {
      if (hosts.has(host.toLowerCase().replace(/^\[|\]$/g, "")) || allowed(address)) return null;
      const kind = privateKind(address);
      return kind === null ? null : `${address} is a ${kind} address (add it to runtime.http.allow in bot.config.yaml to allow it)`;
    },
  };
}

/** Loopback only: what `bot chat --allow-loopback-http` adds. */
export const LOOPBACK_ALLOW = ["127.0.0.0/8", "::1"] as const;
