// One answer to "who is calling?" for audit entries and per-IP rate limits.

export interface RequestLike {
  headers: Record<string, string | string[] | undefined>;
  ip?: string;
}

/**
 * The client address: the LAST X-Forwarded-For entry, which Google's front end appends
 * (earlier entries are whatever the client sent), else the socket address.
 */
export function clientIpOf(req: RequestLike): string | undefined {
  const value = req.headers["x-forwarded-for"];
  const joined = Array.isArray(value) ? value.join(",") : (value ?? "");
  const entries = joined.split(",").map((e) => e.trim()).filter((e) => e.length > 0);
  return entries[entries.length - 1] ?? req.ip;
}
