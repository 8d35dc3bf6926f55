// Sharded counters counted exactly once per event (SPEC section 6: `stats/*` sustain
// >= 50 counted events per second; STYLE "counters that can get hot are sharded").
//
// A counter document `stats/{id}` is the sum of `stats/{id}/shards/{0..SHARDS-1}` (plus
// any fields on the parent document itself, written before sharding). Each event is one
// batched write: create its marker, and increment one random shard. The batch is atomic
// and create() fails when the marker exists, so a redelivered event counts nothing; there
// is no transaction, so no read lock, no contention on a hot document and nothing to
// abort. A Firestore document sustains about one write per second: 64 shards keep each
// shard near that at 50 events per second.
import { FieldValue, Timestamp, type DocumentData, type DocumentReference } from "firebase-admin/firestore";
import { GRPC, db, grpcCodeOf } from "./firebase";
import { cairoDay } from "./time";

export const SHARDS = 64;

export interface CountedEvent {
  /** Created with the increments; its existence means "already counted". */
  marker: DocumentReference;
  markerData: DocumentData;
  /** Counter documents (ids under stats/) and what this event adds to each. */
  counters: { id: string; increments: Record<string, number>; fields?: DocumentData }[];
}

function shardOf(id: string, shard: number): DocumentReference {
  return db().collection("stats").doc(id).collection("shards").doc(String(shard));
}

/** How long a stats marker is kept: far longer than any redelivery, then removed by the TTL on expireAt. */
export const STATS_MARKER_DAYS = 90;

/** One platform event counted on stats/platform and on its Cairo day's stats/daily-YYYY-MM-DD. */
export interface PlatformEvent {
  /** statsEvents/{markerId}: the same for every delivery of the event, naming no person. */
  markerId: string;
  kind: string;
  atMs: number;
  increments: Record<string, number>;
}

/** The marker and counters of a platform event (the users, listings and jobs stats modules). */
export function platformEvent(event: PlatformEvent): CountedEvent {
  const day = cairoDay(event.atMs);
  return {
    marker: db().collection("statsEvents").doc(event.markerId),
    markerData: { kind: event.kind, day, at: Timestamp.fromMillis(event.atMs), expireAt: Timestamp.fromMillis(event.atMs + STATS_MARKER_DAYS * 24 * 3600 * 1000) },
    counters: [
      { id: "platform", increments: event.increments },
      { id: `daily-${day}`, increments: event.increments, fields: { date: day } },
    ],
  };
}

/** Counts the event unless its marker exists. True when this call counted it. */
export async function countOnce(event: CountedEvent, shard = Math.floor(Math.random() * SHARDS)): Promise<boolean> {
  const batch = db().batch();
  batch.create(event.marker, event.markerData);
  for (const counter of event.counters) {
    const increments = Object.fromEntries(Object.entries(counter.increments).map(([name, by]) => [name, FieldValue.increment(by)]));
    batch.set(shardOf(counter.id, shard), { ...counter.fields, ...increments }, { merge: true });
  }
  try {
    await batch.commit();
    return true;
  } catch (error) {
    if (grpcCodeOf(error) === GRPC.ALREADY_EXISTS) return false;
    throw error;
  }
}

/** The value of counter document stats/{id}: its own numeric fields plus every shard's. */
export async function readCounters(id: string): Promise<Record<string, number>> {
  const parent = db().collection("stats").doc(id);
  const [own, shards] = await Promise.all([parent.get(), parent.collection("shards").get()]);
  const totals: Record<string, number> = {};
  for (const data of [own.data() ?? {}, ...shards.docs.map((shard) => shard.data())]) {
    for (const [name, value] of Object.entries(data)) {
      if (typeof value === "number") totals[name] = (totals[name] ?? 0) + value;
    }
  }
  return totals;
}
