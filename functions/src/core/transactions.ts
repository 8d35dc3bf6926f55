// The one way a domain runs a Firestore transaction (issue 14 review): contention that
// outlasts every retry, and a transaction the backend closed under a racing writer, become a
// clear, retryable BUSY rather than an internal error.
import type { Transaction } from "firebase-admin/firestore";
import { errors } from "./errors";
import { GRPC, db, grpcCodeOf } from "./firebase";

/** A transaction retried enough times for a hot document (many buyers, one car) to settle every contender. */
export const TRANSACTION_ATTEMPTS = 25;

/**
 * A transaction the backend closed under us: the Firestore emulator answers a transaction
 * another one aborted (two writers racing, e.g. the payment webhook and the expiry
 * schedule on one order) with INVALID_ARGUMENT "Transaction is invalid or closed", which
 * the SDK does not retry. Nothing was committed, so running the work again is safe.
 */
const closedUnderUs = (error: unknown) => grpcCodeOf(error) === GRPC.INVALID_ARGUMENT && /transaction is invalid or closed/i.test(String((error as Error).message));
const CLOSED_ATTEMPTS = 3;

/** Runs `work` in a transaction; contention that outlasts every retry is BUSY. */
export async function inTransaction<T>(work: (tx: Transaction) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db().runTransaction(work, { maxAttempts: TRANSACTION_ATTEMPTS });
    } catch (error) {
      if (closedUnderUs(error) && attempt < CLOSED_ATTEMPTS) continue;
      if (grpcCodeOf(error) === GRPC.ABORTED || closedUnderUs(error)) throw errors.busy();
      throw error;
    }
  }
}
