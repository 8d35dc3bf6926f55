// users-updateProfile, users-setRole, users-setStatus (SPEC sections 2 and 4).
import { FieldValue } from "firebase-admin/firestore";
import { callable } from "../core/callable";
import { PII_KEY } from "../core/config";
import { errors } from "../core/errors";
import { adminAuth, db, existingUser } from "../core/firebase";
import { piiCipher } from "../core/keys";
import { roleOf } from "../core/roles";
import { claimsWithRole, removesPrivileges } from "./model";
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
    const batch = db().batch();
    batch.set(profileRef(uid), { ...visible, updatedAt: FieldValue.serverTimestamp() }, { merge: true });
    if (pii) {
      batch.set(profileRef(uid).collection("private").doc("pii"), { ...pii, updatedAt: FieldValue.serverTimestamp() }, { merge: true });
    }
    await batch.commit();
    return { ok: true };
  },
});

export const setRole = callable({
  name: "users.setRole",
  roles: ["admin"],
  sudo: true,
  input: SetRoleInput,
  audit: "user.role_change",
  rateLimit: { limit: 30, windowSeconds: 60 },
  auditSubject: (input) => ({ target: { type: "user", id: input.uid }, changes: { to: input.role } }),
  handler: async ({ uid: adminUid, input, audit }) => {
    if (input.uid === adminUid) throw errors.precondition("SELF_ROLE_CHANGE", "Admins cannot change their own role.");
    const user = await existingUser(input.uid);
    const from = roleOf(user.customClaims ?? {});
    await adminAuth().setCustomUserClaims(input.uid, claimsWithRole(user.customClaims, input.role));
    await profileRef(input.uid).set({ role: input.role, updatedAt: FieldValue.serverTimestamp() }, { merge: true });
    const revoked = removesPrivileges(from, input.role);
    if (revoked) await adminAuth().revokeRefreshTokens(input.uid);
    audit({ target: { type: "user", id: input.uid }, changes: { from, to: input.role, tokensRevoked: revoked } });
    return { ok: true };
  },
});

export const setStatus = callable({
  name: "users.setStatus",
  roles: ["admin"],
  sudo: true,
  input: SetStatusInput,
  audit: "user.status_change",
  rateLimit: { limit: 30, windowSeconds: 60 },
  auditSubject: (input) => ({ target: { type: "user", id: input.uid }, changes: { to: input.status, reason: input.reason } }),
  handler: async ({ uid: adminUid, input, audit }) => {
    if (input.uid === adminUid) throw errors.precondition("SELF_STATUS_CHANGE", "Admins cannot change their own status.");
    await existingUser(input.uid);
    const from = await db().runTransaction(async (tx) => {
      const profile = await tx.get(profileRef(input.uid));
      const previous = (profile.get("status") as string | undefined) ?? "active";
      tx.set(
        profileRef(input.uid),
        { status: input.status, statusReason: input.reason, updatedAt: FieldValue.serverTimestamp() },
        { merge: true },
      );
      return previous;
    });
    // Suspension takes effect at once: callables check the profile, and the refresh
    // token stops working so the client cannot mint a new ID token.
    if (input.status === "suspended") await adminAuth().revokeRefreshTokens(input.uid);
    audit({ target: { type: "user", id: input.uid }, changes: { from, to: input.status, reason: input.reason } });
    return { ok: true };
  },
});
