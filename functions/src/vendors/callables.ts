// vendors-apply, vendors-updateProfile, vendors-review (SPEC section 4, issue 3).
import { FieldValue } from "firebase-admin/firestore";
import { callable } from "../core/callable";
import { PII_KEY } from "../core/config";
import { errors } from "../core/errors";
import { adminAuth, db } from "../core/firebase";
import { piiCipher } from "../core/keys";
import { claimsWithRole } from "../core/roles";
import { canApply, requireOwnLogo, reviewVendor, type VendorStatus } from "./model";
import { moderateHeldReview, recomputeVendorRating } from "./reviews";
import { ApplyInput, ModerateReviewInput, ReviewVendorInput, UpdateVendorProfileInput } from "./schema";

const vendorRef = (uid: string) => db().collection("vendors").doc(uid);

export const apply = callable({
  name: "vendors.apply",
  // A vendor may call too, and is told ALREADY_APPLIED: the vendor document decides, not
  // the claim (SPEC section 4: only a rejected application may be made again).
  roles: ["customer", "vendor"],
  input: ApplyInput,
  audit: "vendor.apply",
  rateLimit: { limit: 5, windowSeconds: 3600 },
  secrets: [PII_KEY],
  handler: async ({ uid, input, audit }) => {
    audit({ target: { type: "vendor", id: uid }, changes: { type: input.type, governorate: input.governorate } });
    const cipher = piiCipher();
    const kyc = {
      phone: cipher.encrypt(input.phone),
      nationalId: cipher.encrypt(input.nationalId),
      commercialRegister: input.commercialRegister ? cipher.encrypt(input.commercialRegister) : null,
      iban: input.iban ? cipher.encrypt(input.iban) : null,
      submittedAt: FieldValue.serverTimestamp(),
    };
    await db().runTransaction(async (tx) => {
      const existing = await tx.get(vendorRef(uid));
      const status = existing.get("status") as VendorStatus | undefined;
      if (!canApply(status)) throw errors.precondition("ALREADY_APPLIED", `You already have a vendor account (${status}).`);
      tx.set(vendorRef(uid), {
        displayName: input.displayName,
        type: input.type,
        governorate: input.governorate,
        city: input.city,
        description: "",
        logoPath: null,
        status: "pending",
        rating: existing.get("rating") ?? { avg: 0, count: 0 },
        stats: existing.get("stats") ?? { activeListings: 0, completedOrders: 0 },
        online: false,
        createdAt: existing.get("createdAt") ?? FieldValue.serverTimestamp(),
        updatedAt: FieldValue.serverTimestamp(),
      });
      tx.set(vendorRef(uid).collection("private").doc("kyc"), kyc);
    });
    return { vendorId: uid, status: "pending" };
  },
});

export const updateProfile = callable({
  name: "vendors.updateProfile",
  roles: ["vendor"],
  input: UpdateVendorProfileInput,
  rateLimit: { limit: 20, windowSeconds: 60 },
  handler: async ({ uid, input }) => {
    requireOwnLogo(uid, input.logoPath);
    await db().runTransaction(async (tx) => {
      const vendor = await tx.get(vendorRef(uid));
      if (!vendor.exists) throw errors.notFound("Vendor account");
      tx.update(vendorRef(uid), { ...input, updatedAt: FieldValue.serverTimestamp() });
    });
    return { ok: true };
  },
});

/** The role claim follows approval; suspension also ends the vendor's sessions. */
async function applyAccountEffects(vendorId: string, to: VendorStatus): Promise<void> {
  if (to === "approved") {
    const user = await adminAuth().getUser(vendorId);
    if (user.customClaims?.role !== "vendor") {
      await adminAuth().setCustomUserClaims(vendorId, claimsWithRole(user.customClaims, "vendor"));
      await db().collection("users").doc(vendorId).set({ role: "vendor", updatedAt: FieldValue.serverTimestamp() }, { merge: true });
    }
  }
  if (to === "suspended") await adminAuth().revokeRefreshTokens(vendorId);
}

export const review = callable({
  name: "vendors.review",
  roles: ["admin"],
  // Sudo mode only for suspension (SPEC section 2): approving an application stays routine.
  sudo: (input) => input.decision === "suspend",
  input: ReviewVendorInput,
  audit: "vendor.review",
  auditSubject: (input) => ({ target: { type: "vendor", id: input.vendorId }, changes: { decision: input.decision } }),
  handler: async ({ uid, input, audit }) => {
    const { from, to } = await db().runTransaction(async (tx) => {
      const vendor = await tx.get(vendorRef(input.vendorId));
      if (!vendor.exists) throw errors.notFound("Vendor");
      const current = vendor.get("status") as VendorStatus;
      const next = reviewVendor(current, input.decision);
      // Who decided and why stays off the public document (SPEC section 3): the vendor reads
      // it in private/review, admins in the audit log. A review field left by older code goes.
      tx.update(vendorRef(input.vendorId), { status: next, review: FieldValue.delete(), updatedAt: FieldValue.serverTimestamp() });
      tx.set(vendorRef(input.vendorId).collection("private").doc("review"), {
        decision: input.decision,
        from: current,
        to: next,
        reason: input.reason ?? null,
        by: uid,
        at: FieldValue.serverTimestamp(),
      });
      return { from: current, to: next };
    });
    await applyAccountEffects(input.vendorId, to);
    audit({ target: { type: "vendor", id: input.vendorId }, changes: { from, to, decision: input.decision, reason: input.reason ?? null } });
    return { status: to };
  },
});

/**
 * vendors-moderateReview (issue 10, finding 2; beyond SPEC section 4's table): an admin
 * publishes or removes a held review. The store (vendors/reviews.ts) writes the status and
 * the review.moderate audit entry in one transaction, so the pipeline audits only denials
 * here (no `audit` on the spec: one event, one entry). The rating is recounted right away
 * as well as by the review trigger: both compute it from all published reviews, so the
 * second finds nothing to change.
 */
export const moderateReview = callable({
  name: "vendors.moderateReview",
  roles: ["admin"],
  input: ModerateReviewInput,
  rateLimit: { limit: 60, windowSeconds: 60 },
  handler: async ({ uid, role, input, requestId, ip, userAgent }) => {
    const { vendorId, orderId, decision, reason } = input;
    const { to } = await moderateHeldReview(vendorId, orderId, { decision, reason }, { by: { uid, role }, requestId, ip, userAgent });
    const rating = await recomputeVendorRating(vendorId);
    return { status: to, rating: rating ?? null };
  },
});
