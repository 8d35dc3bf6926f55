// A vendor's rating {avg, count} from their reviews (SPEC sections 3 and 6, issue 4), and
// the vendor told about each new review. The rating is recomputed from all reviews with
// one aggregate query, so a redelivered or late event writes nothing new; the vendor
// trigger (vendors/triggers.ts) then fans a changed rating out to the vendor's listings.
import { AggregateField, type DocumentData } from "firebase-admin/firestore";
import { writeAudit, type AuditActor } from "../core/audit";
import { errors } from "../core/errors";
import { PII_KEY } from "../core/config";
import { onDocumentWritten } from "../core/triggers";
import { db } from "../core/firebase";
import { notify, type Notice } from "../core/notify";
import { ratingOf, type Rating } from "../shared/rating";
import { moderatedStatus, type ModerationDecision } from "./model";
import { holdReasons, reviewFactsOf, type ReviewStatus } from "./reviewChecks";

export { ratingOf, type Rating };

/**
 * vendors/{vendorId}.rating from an aggregate over vendors/{vendorId}/reviews, read in a
 * transaction with the vendor so an older, slower recount cannot overwrite a newer one.
 * A vendor document that does not exist is left alone.
 */
export async function recomputeVendorRating(vendorId: string): Promise<Rating | undefined> {
  const vendorRef = db().collection("vendors").doc(vendorId);
  // Only published reviews count (issue 10, finding 2): a held one, or one not yet checked, does not.
  const reviews = vendorRef.collection("reviews").where("status", "==", "published").aggregate({ avg: AggregateField.average("rating"), count: AggregateField.count() });
  return db().runTransaction(async (tx) => {
    const [aggregated, vendor] = await Promise.all([tx.get(reviews), tx.get(vendorRef)]);
    if (!vendor.exists) return undefined;
    const { avg, count } = aggregated.data();
    const rating = ratingOf(avg, count);
    const stored = vendor.get("rating") as Partial<Rating> | undefined;
    if (stored?.avg !== rating.avg || stored?.count !== rating.count) tx.update(vendorRef, { rating });
    return rating;
  });
}

/** What the vendor is told about a new review (pure): the stars, not the buyer or the text. */
export function reviewNotice(vendorId: string, orderId: string, review: DocumentData): Notice {
  const stars = Number(review.rating);
  return {
    type: "review.created",
    title: { ar: "تقييم جديد", en: "New review" },
    body: { ar: `قيّمك مشترٍ بـ ${stars} من 5 نجوم.`, en: `A buyer rated you ${stars} out of 5 stars.` },
    data: { vendorId, orderId, rating: String(stars) },
  };
}

/**
 * Decides once whether a new review counts (vendors/reviewChecks.ts) and stores the verdict
 * on it, with a review.hold audit entry naming the reasons when held, in one transaction:
 * a redelivery finds the status set and decides nothing again. Returns the status.
 */
export async function checkReview(vendorId: string, orderId: string): Promise<ReviewStatus | undefined> {
  const ref = db().collection("vendors").doc(vendorId).collection("reviews").doc(orderId);
  const first = await ref.get();
  const decided = first.get("status") as ReviewStatus | undefined;
  if (!first.exists || decided) return decided;
  const reasons = holdReasons(await reviewFactsOf(vendorId, orderId, String(first.get("buyerId"))));
  const status: ReviewStatus = reasons.length === 0 ? "published" : "held";
  return db().runTransaction(async (tx) => {
    const current = await tx.get(ref);
    if (!current.exists || current.get("status")) return current.get("status") as ReviewStatus | undefined;
    tx.update(ref, { status });
    if (status === "held") {
      const entry = { actor: { system: "vendors.onReviewWritten" }, action: "review.hold" as const, target: { type: "review", id: `${vendorId}/${orderId}` }, outcome: "success" as const };
      await writeAudit({ ...entry, changes: { vendorId, orderId, reasons } }, tx);
    }
    return status;
  });
}

/** Who moderates, for the review.moderate audit entry. */
export interface ModerationContext {
  by: AuditActor;
  requestId?: string;
  ip?: string;
  userAgent?: string;
}

export interface Moderation {
  decision: ModerationDecision;
  reason: string;
}

/**
 * An admin's decision on a held review (vendors-moderateReview): the new status and its
 * review.moderate audit entry in one transaction. Who decided and why go to the audit log
 * only: a public document carries no admin identity (SPEC section 3). Anything not held is
 * REVIEW_NOT_HELD, so a second click, or a published review, changes nothing. The review
 * trigger then recounts the rating (it recounts on every write, not only on creation).
 */
export async function moderateHeldReview(vendorId: string, orderId: string, moderation: Moderation, context: ModerationContext): Promise<{ from: ReviewStatus; to: ReviewStatus }> {
  const ref = db().collection("vendors").doc(vendorId).collection("reviews").doc(orderId);
  return db().runTransaction(async (tx) => {
    const review = await tx.get(ref);
    if (!review.exists) throw errors.notFound("Review");
    const from = review.get("status") as ReviewStatus | undefined;
    const to = moderatedStatus(from, moderation.decision);
    tx.update(ref, { status: to });
    const target = { type: "review", id: `${vendorId}/${orderId}` };
    const changes = { vendorId, orderId, from: "held", to, decision: moderation.decision, reason: moderation.reason };
    await writeAudit({ actor: context.by, action: "review.moderate", target, outcome: "success", changes, requestId: context.requestId, ip: context.ip, userAgent: context.userAgent }, tx);
    return { from: "held" as const, to };
  });
}

export const onReviewWritten = onDocumentWritten({ document: "vendors/{vendorId}/reviews/{orderId}", secrets: [PII_KEY] }, async (event) => {
  const { vendorId, orderId } = event.params;
  const created = !event.data?.before.exists ? event.data?.after.data() : undefined;
  // Any write recounts, a creation or an admin's held -> published / removed (vendors-moderateReview).
  const status = await checkReview(vendorId, orderId);
  await Promise.all([
    recomputeVendorRating(vendorId),
    // Reviews are immutable: only a creation is news, and only one that counts. The id makes a redelivery write nothing.
    created && status === "published" ? notify(vendorId, reviewNotice(vendorId, orderId, created), { id: `review-${orderId}` }) : undefined,
  ]);
});
