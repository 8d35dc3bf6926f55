// Work over many documents in a schedule: a few at a time, one failure never stopping the
// rest (it is logged by the caller and the next run tries again).
import { Timestamp, type QueryDocumentSnapshot } from "firebase-admin/firestore";
import { db } from "./firebase";

/** Runs `work` on every item, `parallel` at a time; returns how many failed (each reported to `onFailure`). */
export async function forEachIsolated<T>(
  items: readonly T[],
  parallel: number,
  work: (item: T) => Promise<void>,
  onFailure: (item: T, error: unknown) => void,
): Promise<number> {
  let failed = 0;
  for (let i = 0; i < items.length; i += parallel) {
    await Promise.all(
      items.slice(i, i + parallel).map((item) =>
        work(item).catch((error: unknown) => {
          failed += 1;
          onFailure(item, error);
        }),
      ),
    );
  }
  return failed;
}

/** Which documents a deadline schedule takes: `status` equal, `deadlineField` at or before `beforeMs` (strictly before with `strict`). */
export interface DueQuery {
  collection: string;
  status: string;
  deadlineField: string;
  beforeMs: number;
  strict?: boolean;
  limit: number;
}

/** The documents due by a deadline, oldest deadline first, at most `limit` (the next run takes the rest). */
export async function dueDocs({ collection, status, deadlineField, beforeMs, strict = false, limit }: DueQuery): Promise<QueryDocumentSnapshot[]> {
  const due = await db()
    .collection(collection)
    .where("status", "==", status)
    .where(deadlineField, strict ? "<" : "<=", Timestamp.fromMillis(beforeMs))
    .orderBy(deadlineField)
    .limit(limit)
    .get();
  return due.docs;
}
