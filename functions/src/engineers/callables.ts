// engineers-upsert and engineers-setAvailability (SPEC sections 3 and 4).
// An engineer is a user with the `engineer` role claim and an engineers/{uid} document;
// the phone number lives encrypted in engineers/{uid}/private/pii.
import { FieldValue, type DocumentSnapshot } from "firebase-admin/firestore";
import { callable } from "../core/callable";
import { PII_KEY } from "../core/config";
import { errors } from "../core/errors";
import { adminAuth, db } from "../core/firebase";
import { piiCipher } from "../core/keys";
import { roleOf } from "../core/roles";
import { dispatchDay, engineerRef, engineerStateOf } from "../jobs/dispatch";
import { setAvailability as nextAvailability } from "../jobs/model";
import { claimsWithRole } from "../users/model";
import { SetAvailabilityInput, UpsertEngineerInput } from "./schema";

async function existingUser(uid: string) {
  try {
    return await adminAuth().getUser(uid);
  } catch {
    throw errors.notFound("User");
  }
}

/**
 * The fields only a new engineer gets. He starts off duty (he goes available himself when
 * his shift starts), online as his presence mirror says, and with empty counters.
 */
function newEngineerFields(presence: DocumentSnapshot) {
  return {
    availability: "off_duty",
    online: presence.get("state") === "online",
    activeJobId: null,
    rating: { avg: 0, count: 0 },
    stats: { completedJobs: 0, jobsToday: 0, jobsTodayDate: null },
    createdAt: FieldValue.serverTimestamp(),
  };
}

export const upsert = callable({
  name: "engineers.upsert",
  roles: ["admin"],
  input: UpsertEngineerInput,
  audit: "user.role_change",
  rateLimit: { limit: 30, windowSeconds: 60 },
  secrets: [PII_KEY],
  handler: async ({ input, audit }) => {
    audit({ target: { type: "engineer", id: input.uid }, changes: { to: "engineer" } });
    const user = await existingUser(input.uid);
    const from = roleOf(user.customClaims ?? {});
    // Making an admin or a vendor an engineer would silently strip their role.
    if (from === "admin" || from === "vendor") {
      throw errors.precondition("ROLE_CONFLICT", `This account is a ${from}; only a customer or an engineer can be made an engineer.`);
    }
    const phone = piiCipher().encrypt(input.phone);
    const ref = engineerRef(input.uid);
    const created = await db().runTransaction(async (tx) => {
      const [engineer, presence] = await tx.getAll(ref, db().collection("presence").doc(input.uid));
      const profile = { displayName: input.displayName, skills: input.skills, governorate: input.governorate, updatedAt: FieldValue.serverTimestamp() };
      if (engineer.exists) tx.update(ref, profile);
      else tx.create(ref, { ...profile, ...newEngineerFields(presence) });
      tx.set(ref.collection("private").doc("pii"), { phone, updatedAt: FieldValue.serverTimestamp() }, { merge: true });
      tx.set(db().collection("users").doc(input.uid), { role: "engineer", updatedAt: FieldValue.serverTimestamp() }, { merge: true });
      return !engineer.exists;
    });
    // A promotion: it takes effect on the client's next token refresh (SPEC section 2).
    if (from !== "engineer") await adminAuth().setCustomUserClaims(input.uid, claimsWithRole(user.customClaims, "engineer"));
    audit({
      target: { type: "engineer", id: input.uid },
      changes: { from, to: "engineer", created, skills: [...input.skills], governorate: input.governorate },
    });
    return { ok: true };
  },
});

export const setAvailability = callable({
  name: "engineers.setAvailability",
  roles: ["engineer"],
  input: SetAvailabilityInput,
  rateLimit: { limit: 30, windowSeconds: 60 },
  handler: async ({ uid, input }) => {
    const today = dispatchDay(Date.now());
    await db().runTransaction(async (tx) => {
      const current = engineerStateOf(await tx.get(engineerRef(uid)), today);
      const next = nextAvailability(current, input.availability);
      if (next.availability !== current.availability) {
        tx.update(engineerRef(uid), { availability: next.availability, updatedAt: FieldValue.serverTimestamp() });
      }
    });
    return { ok: true };
  },
});
