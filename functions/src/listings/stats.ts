// What a listing write counts (SPEC section 3 `stats/*`: listings (active)). `listings` on
// stats/platform is the number of active listings: +1 when a write moves a listing into
// `active`, -1 when one moves it out (sold, reserved, archived, suspended, sent back to
// review, deleted). On a daily document the same increments give the day's net change,
// and `listingActivations` counts entries into `active` (first publication and every return).
// Each write event is counted once: its marker is named by the listing and the event id,
// so a redelivery counts nothing while every real transition counts, in any order.
import { countOnce, platformEvent } from "../core/counters";
import type { ListingData } from "./model";

export interface ListingStatsEvent {
  kind: "activated" | "deactivated";
  increments: Record<string, number>;
}

/** The counted event of one listing write, if it crossed the `active` boundary (pure). */
export function listingStatsEvents(before: ListingData | undefined, after: ListingData | undefined): ListingStatsEvent[] {
  const was = before?.status === "active";
  const is = after?.status === "active";
  if (was === is) return [];
  return is ? [{ kind: "activated", increments: { listings: 1, listingActivations: 1 } }] : [{ kind: "deactivated", increments: { listings: -1 } }];
}

/** Counts the write's events not counted before; returns the kinds counted now. */
export async function countListingStats(listingId: string, eventId: string, events: ListingStatsEvent[], atMs: number): Promise<string[]> {
  const counted = await Promise.all(
    events.map((event) => countOnce(platformEvent({ markerId: `listing-${listingId}-${eventId}-${event.kind}`, kind: `listing.${event.kind}`, atMs, increments: event.increments }))),
  );
  return events.filter((_, i) => counted[i]).map((event) => event.kind);
}
