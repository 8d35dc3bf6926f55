// Roles live in the `role` custom claim (SPEC section 2); no claim means customer.
export const ROLES = ["customer", "vendor", "engineer", "admin"] as const;
export type Role = (typeof ROLES)[number];

interface TokenClaims {
  role?: unknown;
  firebase?: { sign_in_second_factor?: unknown };
}

export function roleOf(token: TokenClaims): Role {
  return ROLES.find((role) => role === token.role) ?? "customer";
}

export function signedInWithSecondFactor(token: TokenClaims): boolean {
  const factor = token.firebase?.sign_in_second_factor;
  return typeof factor === "string" && factor.length > 0;
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
