// Open obligations of a user (SPEC section 8): orders not yet completed/cancelled as
// buyer or vendor, and service jobs not yet closed as customer or engineer. They hold a
// deletion back until they close, or until the system cancels them at day 28.
import type { DocumentReference, Firestore, Transaction } from "firebase-admin/firestore";
import { JOB_STATUSES } from "../jobs/model";
import { OPEN_STATUSES } from "../orders/model";

const OPEN_JOB_STATUSES = JOB_STATUSES.filter((s) => s !== "completed" && s !== "cancelled");

export interface OpenObligations {
  orders: DocumentReference[];
  jobs: DocumentReference[];
}

function queriesOf(db: Firestore, uid: string) {
  return {
    orders: [
      db.collection("orders").where("buyerId", "==", uid).where("status", "in", [...OPEN_STATUSES]),
      db.collection("orders").where("vendorId", "==", uid).where("status", "in", [...OPEN_STATUSES]),
    ],
    jobs: [
      db.collection("serviceJobs").where("customerId", "==", uid).where("status", "in", OPEN_JOB_STATUSES),
      db.collection("serviceJobs").where("engineerId", "==", uid).where("status", "in", OPEN_JOB_STATUSES),
    ],
  };
}

/** Reads inside `tx` when given, so a request and its schedule see one consistent state. */
export async function openObligations(db: Firestore, uid: string, tx?: Transaction): Promise<OpenObligations> {
  const queries = queriesOf(db, uid);
  const run = (q: FirebaseFirestore.Query) => (tx ? tx.get(q) : q.get());
  const [orders, jobs] = await Promise.all([Promise.all(queries.orders.map(run)), Promise.all(queries.jobs.map(run))]);
  const unique = (refs: DocumentReference[]) => [...new Map(refs.map((r) => [r.path, r])).values()];
  return {
    orders: unique(orders.flatMap((s) => s.docs.map((d) => d.ref))),
    jobs: unique(jobs.flatMap((s) => s.docs.map((d) => d.ref))),
  };
}

export function countOf(open: OpenObligations): number {
  return open.orders.length + open.jobs.length;
}
