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

export interface RoleFacts {
  tokenRole: Role;
  /** The ID token's `iat` (seconds). */
  issuedAtSeconds: number;
  /** users/{uid}.role, the mirror of the claim. */
  profileRole?: Role;
  /** users/{uid}.roleChangedAt, stamped when an admin changes the role. */
  roleChangedAtMs?: number;
}

/**
 * A token minted before the last role change whose role claim disagrees with the profile:
 * a demoted vendor's or engineer's old token (issue 10, finding 9). Both conditions are
 * needed: a token minted after the change carries the new claim, and a profile whose role
 * was never changed by an admin (or whose mirror write failed) locks nobody out.
 */
export function roleIsStale(facts: RoleFacts): boolean {
  if (facts.profileRole === undefined || facts.roleChangedAtMs === undefined) return false;
  if (facts.profileRole === facts.tokenRole) return false;
  return facts.issuedAtSeconds * 1000 < facts.roleChangedAtMs;
}

/** A role change removes privileges unless the user was a plain customer before. */
export function removesPrivileges(from: Role, to: Role): boolean {
  return from !== to && from !== "customer";
}

/** Custom claims after a role change: other claims kept, customers carry no role claim. */
export function claimsWithRole(existing: Record<string, unknown> | undefined, role: Role): Record<string, unknown> {
  const claims: Record<string, unknown> = { ...existing };
  delete claims.role;
  if (role !== "customer") claims.role = role;
  return claims;
}

/** Sudo mode: the sign-in (auth_time, seconds) is at most `maxMinutes` old at `nowMillis`. */
export function signedInRecently(token: TokenClaims, nowMillis: number, maxMinutes: number): boolean {
  const authTime = token.auth_time;
  if (typeof authTime !== "number" || !Number.isFinite(authTime)) return false;
  return nowMillis - authTime * 1000 <= maxMinutes * 60_000;
}
