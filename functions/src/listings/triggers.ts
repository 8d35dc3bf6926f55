// Denormalised listing fields, kept by triggers (SPEC section 6, issue 3). Every trigger
// recomputes its target from the current documents, so a redelivered or late event
// writes nothing new: searchTokens, makeKey/modelKey and the vendor summary come from
// the listing and vendor as they are now; counts come from count() queries, not increments.
import { FieldValue, Timestamp, type DocumentData } from "firebase-admin/firestore";
import { onDocumentWritten } from "../core/triggers";
import { writeAuditOnce, type AuditActor } from "../core/audit";
import { db } from "../core/firebase";
import { sameData } from "../shared/equal";
import { recountActiveListings, recountFavorites, vendorSummaryOf, type VendorSummarySource } from "./counts";
import { contentChanged, crossedActive, sameTokens, type ListingData } from "./model";
import { moderatorOf } from "./moderation";
import { listingFacetKeys, listingSearchTokens } from "./search";
import { countListingStats, listingStatsEvents } from "./stats";
import { logs } from "../core/log";
import { needsSplit, splitStock } from "./stock";

/** searchTokens, and the makeKey/modelKey the API's make and model filters match (listings/search.ts). */
function searchPatch(current: DocumentData): Record<string, unknown> {
  const tokens = listingSearchTokens(current);
  const patch: Record<string, unknown> = sameTokens(current.searchTokens, tokens) ? {} : { searchTokens: tokens };
  const keys = listingFacetKeys(current);
  for (const field of ["makeKey", "modelKey"] as const) {
    if (current[field] !== keys[field]) patch[field] = keys[field] ?? FieldValue.delete();
  }
  return patch;
}

function timestampsPatch(current: DocumentData, edited: boolean, eventTime: Timestamp): Record<string, unknown> {
  const patch: Record<string, unknown> = {};
  if (!current.createdAt) patch.createdAt = eventTime;
  const updatedAt = current.updatedAt as Timestamp | undefined;
  if (edited && (!updatedAt || updatedAt.toMillis() < eventTime.toMillis())) patch.updatedAt = eventTime;
  if (current.favoriteCount === undefined) patch.favoriteCount = 0;
  return patch;
}

async function refreshDerivedFields(listingId: string, edited: boolean, eventTime: Timestamp): Promise<void> {
  const ref = db().collection("listings").doc(listingId);
  await db().runTransaction(async (tx) => {
    const snapshot = await tx.get(ref);
    const current = snapshot.data();
    if (!current) return;
    const patch = { ...searchPatch(current), ...timestampsPatch(current, edited, eventTime) };
    if (!current.vendor) {
      const vendor = await tx.get(db().collection("vendors").doc(String(current.vendorId)));
      if (vendor.exists) patch.vendor = vendorSummaryOf(vendor.data() as VendorSummarySource);
    }
    if (Object.keys(patch).length > 0) tx.update(ref, patch);
  });
}

/** A status flip done by the vendor sync is recounted once by that sync, not per listing. */
function bySuspensionSync(before: ListingData | undefined, after: ListingData | undefined): boolean {
  return !sameData(before?.suspension ?? null, after?.suspension ?? null);
}

/** Orders name themselves in lastOrder whenever they reserve, release or sell a listing. */
function byOrder(before: ListingData | undefined, after: ListingData): boolean {
  return after.lastOrder !== undefined && !sameData(before?.lastOrder ?? null, after.lastOrder);
}

/** The order that moved the listing, for its audit entry. */
function orderOf(before: ListingData | undefined, after: ListingData): { orderId?: string } {
  const orderId = (after.lastOrder as { orderId?: string } | undefined)?.orderId;
  return byOrder(before, after) && orderId ? { orderId } : {};
}

/**
 * Who moved a listing's status, read from what else the write changed: the vendor sync
 * (suspension), an order (reserve, release, sell: orders write lastOrder), an admin
 * (moderation: named in its private decision), otherwise the vendor, the only client
 * allowed to write listings. Server paths that move status for other reasons must say so
 * in a field the same way.
 */
async function statusActor(listingId: string, before: ListingData | undefined, after: ListingData): Promise<AuditActor> {
  if (bySuspensionSync(before, after)) return { system: "vendor.sync" };
  if (byOrder(before, after)) return { system: "orders" };
  if (after.moderation !== undefined && !sameData(before?.moderation ?? null, after.moderation)) {
    // The admin is named only in the private decision (listings/moderation.ts).
    const by = await moderatorOf(listingId, after);
    return by ? { uid: by, role: "admin" } : { system: "listings.moderate" };
  }
  return { uid: String(after.vendorId), role: "vendor" };
}

/** listing.status_change (SPEC section 8), once per event: the entry id is derived from the event id. */
async function auditStatusChange(eventId: string, listingId: string, before: ListingData | undefined, after: ListingData | undefined) {
  if (!after || before?.status === after.status) return;
  await writeAuditOnce(`listing-${listingId}-${eventId}`, {
    actor: await statusActor(listingId, before, after),
    action: "listing.status_change",
    target: { type: "listing", id: listingId },
    outcome: "success",
    changes: { from: before?.status ?? null, to: after.status ?? null, ...orderOf(before, after) },
  });
}

/** What one listing write means: its audit entry, its derived fields, its vendor's active count, the platform's active listings. */
export async function recordListingWrite(eventId: string, eventTime: string, listingId: string, before: ListingData | undefined, after: ListingData | undefined) {
  await auditStatusChange(eventId, listingId, before, after);
  // An order's write changes only status or stock and stamps updatedAt itself: nothing is
  // derived from those, and a transaction here would contend with the next checkout.
  if (after && !byOrder(before, after)) {
    await refreshDerivedFields(listingId, contentChanged(before, after), Timestamp.fromDate(new Date(eventTime)));
  }
  // A large part's stock set by its vendor is (re-)split over its shards (listings/stock.ts).
  if (needsSplit(before, after)) await splitStock(listingId);
  await countActive(eventId, eventTime, listingId, before, after);
}

/** A listing in or out of `active`: its vendor's recount, and the platform's count of active listings (stats.ts). */
async function countActive(eventId: string, eventTime: string, listingId: string, before: ListingData | undefined, after: ListingData | undefined) {
  const vendorId = after?.vendorId ?? before?.vendorId;
  if (vendorId && crossedActive(before, after) && !bySuspensionSync(before, after)) await recountActiveListings(vendorId);
  const counted = await countListingStats(listingId, eventId, listingStatsEvents(before, after), Date.parse(eventTime));
  if (counted.length > 0) logs.statsCounted(`listing-${listingId}`, counted);
}

export const onListingWritten = onDocumentWritten("listings/{listingId}", async (event) => {
  const before = event.data?.before.data() as ListingData | undefined;
  const after = event.data?.after.data() as ListingData | undefined;
  await recordListingWrite(event.id, event.time, event.params.listingId, before, after);
});

export const onFavoriteWritten = onDocumentWritten("users/{uid}/favorites/{listingId}", async (event) => {
  await recountFavorites(event.params.listingId);
});
