// One answer to "who is calling?" for audit entries and per-IP rate limits.
import { isIP, isIPv4 } from "node:net";

export interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
}

/**
 * The client address. Google's front end appends the address that connected to it as the
 * LAST X-Forwarded-For entry (earlier entries are whatever the client sent). Behind
 * Firebase Hosting, that connection is Hosting's proxy, and the client is the entry before
 * it: `trustedProxyHops` says how many proxies of ours stand in front (0 for a function
 * called at its own URL, such as callables; 1 for the API behind Hosting, the
 * TRUSTED_PROXY_HOPS param). With fewer entries than that, the first one is the closest
 * we have. An entry that is not an IP address falls back to the socket address.
 */
export function clientIpOf(req: RequestLike, trustedProxyHops = 0): string | undefined {
  const value = req.headers["x-forwarded-for"];
  const joined = Array.isArray(value) ? value.join(",") : (value ?? "");
  const entries = joined.split(",").map((e) => e.trim()).filter((e) => e.length > 0);
  const hops = Number.isSafeInteger(trustedProxyHops) && trustedProxyHops > 0 ? trustedProxyHops : 0;
  const chosen = entries.length > 0 ? entries[Math.max(0, entries.length - 1 - hops)] : undefined;
  return chosen !== undefined && isIP(chosen) !== 0 ? chosen : req.ip;
}

/** "2001:db8::1" -> the 8 hextets of the address, written out in full. */
function hextetsOf(address: string): string[] {
  const [head, tail = ""] = address.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === "" ? [] : tail.split(":");
  const missing = address.includes("::") ? 8 - left.length - right.length : 0;
  return [...left, ...Array.from({ length: missing }, () => "0"), ...right].map((h) => h.toLowerCase().padStart(4, "0"));
}

/**
 * The key a per-IP limit counts under. One IPv6 customer gets a whole /64 (and can pick
 * any of its 2^64 addresses per request), so IPv6 is keyed by its /64 prefix; IPv4, and an
 * IPv4 address written as IPv6 (::ffff:1.2.3.4), by the address.
 */
export function rateLimitKeyOf(ip: string | undefined): string {
  if (ip === undefined || isIP(ip) === 0) return "unknown";
  if (isIPv4(ip)) return ip;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (ip.includes(".")) return ip.toLowerCase(); // other embedded-IPv4 forms: rare; keyed whole
  return `${hextetsOf(ip).slice(0, 4).join(":")}::/64`;
}
