// SEAM: taking an account out of the marketplace and back (SPEC section 2's suspension
// cascade: a vendor's listings hidden, an engineer out of dispatch). Issue 11 builds the
// one cascade module for suspension and demotion; when it lands on main these two
// functions call it and the interim body below goes. Until then the interim uses the
// existing mechanisms: a vendor document marked suspended (the onVendorWritten trigger
// hides and later restores the listings) and an engineer set off duty, each remembering
// what it was so cancelling restores exactly that.
import { FieldValue } from "firebase-admin/firestore";
import { db } from "../core/firebase";

const HOLD = "deletion_pending";

export async function leaveMarketplace(uid: string): Promise<void> {
  const vendor = db().collection("vendors").doc(uid);
  const engineer = db().collection("engineers").doc(uid);
  await db().runTransaction(async (tx) => {
    const [v, e] = await tx.getAll(vendor, engineer);
    if (v.exists && v.get("status") === "approved") {
      tx.update(vendor, { status: "suspended", privacyHold: { reason: HOLD, previousStatus: "approved" }, updatedAt: FieldValue.serverTimestamp() });
    }
    if (e.exists && e.get("availability") === "available") {
      tx.update(engineer, { availability: "off_duty", privacyHold: { reason: HOLD, previousAvailability: "available" }, updatedAt: FieldValue.serverTimestamp() });
    }
  });
}

export async function returnToMarketplace(uid: string): Promise<void> {
  const vendor = db().collection("vendors").doc(uid);
  const engineer = db().collection("engineers").doc(uid);
  await db().runTransaction(async (tx) => {
    const [v, e] = await tx.getAll(vendor, engineer);
    if (v.exists && v.get("privacyHold.reason") === HOLD) {
      // Only a hold this module set is lifted: an admin suspension meanwhile stays.
      const restore = v.get("status") === "suspended" ? { status: v.get("privacyHold.previousStatus") as string } : {};
      tx.update(vendor, { ...restore, privacyHold: FieldValue.delete(), updatedAt: FieldValue.serverTimestamp() });
    }
    if (e.exists && e.get("privacyHold.reason") === HOLD) {
      const restore = e.get("availability") === "off_duty" ? { availability: e.get("privacyHold.previousAvailability") as string } : {};
      tx.update(engineer, { ...restore, privacyHold: FieldValue.delete(), updatedAt: FieldValue.serverTimestamp() });
    }
  });
}
