// Pure rules about users and roles. No Firebase imports.
import { roleOf } from "../core/roles";

export { claimsWithRole, removesPrivileges } from "../core/roles";

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
