// An engineer's rating {avg, count} from his reviews (SPEC sections 3 and 6, issue 11),
// which dispatch ranks by (jobs/dispatch.ts: fewest jobs today, then highest rating).
// Recomputed from all reviews with one aggregate query in a transaction with the engineer,
// so a redelivered or late event writes nothing new and an older recount cannot overwrite
// a newer one. Reviews are written by jobs-review (jobs/store.ts) or the customer under
// firestore.rules; they are immutable, so every review counts.
import { AggregateField } from "firebase-admin/firestore";
import { db } from "../core/firebase";
import { onDocumentWritten } from "../core/triggers";
import { ratingOf, type Rating } from "../shared/rating";

/** engineers/{uid}.rating from engineers/{uid}/reviews; an engineer document that does not exist is left alone. */
export async function recomputeEngineerRating(uid: string): Promise<Rating | undefined> {
  const engineerRef = db().collection("engineers").doc(uid);
  const reviews = engineerRef.collection("reviews").aggregate({ avg: AggregateField.average("rating"), count: AggregateField.count() });
  return db().runTransaction(async (tx) => {
    const [aggregated, engineer] = await Promise.all([tx.get(reviews), tx.get(engineerRef)]);
    if (!engineer.exists) return undefined;
    const { avg, count } = aggregated.data();
    const rating = ratingOf(avg, count);
    const stored = engineer.get("rating") as Partial<Rating> | undefined;
    if (stored?.avg !== rating.avg || stored?.count !== rating.count) tx.update(engineerRef, { rating });
    return rating;
  });
}

export const onEngineerReviewWritten = onDocumentWritten("engineers/{uid}/reviews/{jobId}", async (event) => {
  await recomputeEngineerRating(event.params.uid);
});
