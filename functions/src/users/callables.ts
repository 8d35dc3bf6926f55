// users-updateProfile, users-setRole, users-setStatus (SPEC sections 2 and 4).
import { FieldValue } from "firebase-admin/firestore";
import { callable } from "../core/callable";
import { PII_KEY } from "../core/config";
import { errors } from "../core/errors";
import { adminAuth, db, existingUser } from "../core/firebase";
import { piiCipher } from "../core/keys";
import { roleOf, type Role } from "../core/roles";
import type { AuditActor } from "../core/audit";
import { restoreToMarketplace, withdrawFromMarketplace, type RestorationReport, type WithdrawalReport } from "./cascade";
import { scopeOfRole } from "./cascadeModel";
import { claimsWithRole, newProfileFields, removesPrivileges } from "./model";
import { SetRoleInput, SetStatusInput, UpdateProfileInput, type UpdateProfile } from "./schema";

function profileRef(uid: string) {
  return db().collection("users").doc(uid);
}

/** Phone and address never sit in the readable profile: they go encrypted to private/pii. */
function encryptedPii(input: UpdateProfile): Record<string, string> | undefined {
  const cipher = piiCipher();
  const pii: Record<string, string> = {};
  if (input.phone !== undefined) pii.phone = cipher.encrypt(input.phone);
  if (input.address !== undefined) pii.address = cipher.encrypt(JSON.stringify(input.address));
  return Object.keys(pii).length > 0 ? pii : undefined;
}

export const updateProfile = callable({
  name: "users.updateProfile",
  roles: "signedIn",
  input: UpdateProfileInput,
  rateLimit: { limit: 10, windowSeconds: 60 },
  secrets: [PII_KEY],
  handler: async ({ uid, input }) => {
    const { displayName, locale, governorate } = input;
    const visible = Object.fromEntries(
      Object.entries({ displayName, locale, governorate }).filter(([, value]) => value !== undefined),
    );
    const pii = encryptedPii(input);
    await db().runTransaction(async (tx) => {
      const profile = await tx.get(profileRef(uid));
      // Called before the sign-up trigger ran: write the complete profile the trigger would
      // have (role, status, createdAt), so none is ever left half-made; the trigger then finds it.
      const base = profile.exists ? {} : { ...newProfileFields(await adminAuth().getUser(uid)), createdAt: FieldValue.serverTimestamp() };
      tx.set(profileRef(uid), { ...base, ...visible, updatedAt: FieldValue.serverTimestamp() }, { merge: true });
      if (pii) {
        tx.set(profileRef(uid).collection("private").doc("pii"), { ...pii, updatedAt: FieldValue.serverTimestamp() }, { merge: true });
      }
    });
    return { ok: true };
  },
});

/**
 * Losing the vendor or engineer role withdraws that side of the account from the
 * marketplace (SPEC section 2); regaining it restores what the demotion changed.
 */
async function cascadeRoleChange(uid: string, from: Role, to: Role, by: AuditActor, requestId: string) {
  const lost = from !== to ? scopeOfRole(from) : undefined;
  const regained = from !== to ? scopeOfRole(to) : undefined;
  return {
    ...(lost ? { withdrawn: await withdrawFromMarketplace(uid, "demotion", { by, requestId, scope: lost }) } : {}),
    ...(regained ? { restored: await restoreToMarketplace(uid, "demotion", { by, requestId, scope: regained }) } : {}),
  };
}

export const setRole = callable({
  name: "users.setRole",
  roles: ["admin"],
  sudo: true,
  input: SetRoleInput,
  audit: "user.role_change",
  rateLimit: { limit: 30, windowSeconds: 60 },
  consumeAppCheck: true,
  auditSubject: (input) => ({ target: { type: "user", id: input.uid }, changes: { to: input.role } }),
  handler: async ({ uid: adminUid, role, input, audit, requestId }) => {
    if (input.uid === adminUid) throw errors.precondition("SELF_ROLE_CHANGE", "Admins cannot change their own role.");
    const user = await existingUser(input.uid);
    const from = roleOf(user.customClaims ?? {});
    await adminAuth().setCustomUserClaims(input.uid, claimsWithRole(user.customClaims, input.role));
    // roleChangedAt lets the pipeline refuse tokens minted before this change (TOKEN_STALE).
    const stamp = FieldValue.serverTimestamp();
    await profileRef(input.uid).set({ role: input.role, roleChangedAt: stamp, updatedAt: stamp }, { merge: true });
    const revoked = removesPrivileges(from, input.role);
    if (revoked) await adminAuth().revokeRefreshTokens(input.uid);
    const cascaded = await cascadeRoleChange(input.uid, from, input.role, { uid: adminUid, role }, requestId);
    audit({ target: { type: "user", id: input.uid }, changes: { from, to: input.role, tokensRevoked: revoked, cascaded } });
    return { ok: true };
  },
});

/**
 * Suspension takes effect everywhere at once (SPEC section 2): the profile (callables
 * check it), the marketplace cascade (vendor suspended, listings hidden, engineer off
 * duty, his held job redispatched), the Auth user disabled (no new sign-in) and its
 * refresh tokens revoked. Reinstatement undoes exactly what the suspension changed.
 */
export const setStatus = callable({
  name: "users.setStatus",
  roles: ["admin"],
  sudo: true,
  input: SetStatusInput,
  audit: "user.status_change",
  rateLimit: { limit: 30, windowSeconds: 60 },
  auditSubject: (input) => ({ target: { type: "user", id: input.uid }, changes: { to: input.status, reason: input.reason } }),
  handler: async ({ uid: adminUid, role, input, audit, requestId }) => {
    if (input.uid === adminUid) throw errors.precondition("SELF_STATUS_CHANGE", "Admins cannot change their own status.");
    await existingUser(input.uid);
    const from = ((await profileRef(input.uid).get()).get("status") as string | undefined) ?? "active";
    const options = { by: { uid: adminUid, role }, requestId, profile: { status: input.status, statusReason: input.reason } };
    let cascaded: WithdrawalReport | RestorationReport;
    if (input.status === "suspended") {
      cascaded = await withdrawFromMarketplace(input.uid, "suspension", options);
      await adminAuth().updateUser(input.uid, { disabled: true });
      await adminAuth().revokeRefreshTokens(input.uid);
    } else {
      cascaded = await restoreToMarketplace(input.uid, "suspension", options);
      await adminAuth().updateUser(input.uid, { disabled: false });
    }
    audit({ target: { type: "user", id: input.uid }, changes: { from, to: input.status, reason: input.reason, cascaded } });
    return { ok: true };
  },
});
