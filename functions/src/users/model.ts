// Pure rules about users and roles. No Firebase imports.
import { roleOf, type Role } from "../core/roles";

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

export interface NewProfileSource {
  displayName?: string | null;
  email?: string | null;
}

/** The display name a new profile starts with: the Auth name, else the e-mail's local part. */
export function initialDisplayName(user: NewProfileSource): string {
  const name = user.displayName?.trim();
  if (name) return name.slice(0, 80);
  const local = user.email?.split("@")[0]?.trim();
  return local ? local.slice(0, 80) : "Souk user";
}

export interface NewUser extends NewProfileSource {
  customClaims?: Record<string, unknown>;
}

/** What every profile starts with (SPEC section 2), minus the server timestamps. */
export function newProfileFields(user: NewUser) {
  return {
    displayName: initialDisplayName(user),
    locale: "ar",
    governorate: null,
    role: roleOf(user.customClaims ?? {}),
    status: "active",
  };
}
