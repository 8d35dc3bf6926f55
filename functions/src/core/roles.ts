// Roles live in the `role` custom claim (SPEC section 2); no claim means customer.
export const ROLES = ["customer", "vendor", "engineer", "admin"] as const;
export type Role = (typeof ROLES)[number];

interface TokenClaims {
  role?: unknown;
  auth_time?: unknown;
  firebase?: { sign_in_second_factor?: unknown };
}

export function roleOf(token: TokenClaims): Role {
  return ROLES.find((role) => role === token.role) ?? "customer";
}

export function signedInWithSecondFactor(token: TokenClaims): boolean {
  const factor = token.firebase?.sign_in_second_factor;
  return typeof factor === "string" && factor.length > 0;
}

/** Sudo mode: the sign-in (auth_time, seconds) is at most `maxMinutes` old at `nowMillis`. */
export function signedInRecently(token: TokenClaims, nowMillis: number, maxMinutes: number): boolean {
  const authTime = token.auth_time;
  if (typeof authTime !== "number" || !Number.isFinite(authTime)) return false;
  return nowMillis - authTime * 1000 <= maxMinutes * 60_000;
}
