// engineers-upsert and engineers-setAvailability (SPEC sections 3 and 4).
// An engineer is a user with the `engineer` role claim and an engineers/{uid} document;
// the phone number lives encrypted in engineers/{uid}/private/pii.
import { callable } from "../core/callable";
import { PII_KEY } from "../core/config";
import { errors } from "../core/errors";
import { adminAuth, existingUser } from "../core/firebase";
import { piiCipher } from "../core/keys";
import { roleOf } from "../core/roles";
import { cairoDay } from "../core/time";
import { changeAvailability, saveEngineer } from "../jobs/store";
import { claimsWithRole } from "../core/roles";
import { SetAvailabilityInput, UpsertEngineerInput } from "./schema";

export const upsert = callable({
  name: "engineers.upsert",
  roles: ["admin"],
  input: UpsertEngineerInput,
  audit: "user.role_change",
  rateLimit: { limit: 30, windowSeconds: 60 },
  secrets: [PII_KEY],
  auditSubject: (input) => ({ target: { type: "engineer", id: input.uid }, changes: { to: "engineer" } }),
  handler: async ({ input, audit }) => {
    const user = await existingUser(input.uid);
    const from = roleOf(user.customClaims ?? {});
    // Making an admin or a vendor an engineer would silently strip their role.
    if (from === "admin" || from === "vendor") {
      throw errors.precondition("ROLE_CONFLICT", `This account is a ${from}; only a customer or an engineer can be made an engineer.`);
    }
    const phone = piiCipher().encrypt(input.phone);
    const created = await saveEngineer(input.uid, { displayName: input.displayName, skills: input.skills, governorate: input.governorate }, phone);
    // A promotion: it takes effect on the client's next token refresh (SPEC section 2).
    if (from !== "engineer") await adminAuth().setCustomUserClaims(input.uid, claimsWithRole(user.customClaims, "engineer"));
    audit({ changes: { from, created, skills: [...input.skills], governorate: input.governorate } });
    return { ok: true };
  },
});

export const setAvailability = callable({
  name: "engineers.setAvailability",
  roles: ["engineer"],
  input: SetAvailabilityInput,
  rateLimit: { limit: 30, windowSeconds: 60 },
  handler: async ({ uid, input }) => {
    await changeAvailability(uid, input.availability, cairoDay(Date.now()));
    return { ok: true };
  },
});
