// One rule for every document id a client or the payment provider hands us (callable
// inputs, API paths, cursors, webhook events), and the same rule in firestore.rules for
// listing ids a vendor chooses. An id is used as ONE path segment: "/" would address
// another document ("o_X/events/placed" reads an event as an order), "." and ".." are
// refused by Firestore, and "__x__" is a reserved id. Each of those used to reach
// Firestore and come back as `internal`; now it is a VALIDATION_FAILED naming the field.
//
// Why 64 characters of [A-Za-z0-9_-]: the ids Souk itself makes are far shorter
// (Firestore auto ids 20, Firebase Auth uids 28, order ids "o_" + 24 hex = 26, fake
// provider event ids 33), and providers' ids (Stripe's "evt_..." 28) fit as well. The
// alphabet is what auto ids, uids and base64url use: nothing that needs escaping in a
// path, a URL, a regex or a log line.
import { z } from "zod";

export const DOCUMENT_ID_MAX_LENGTH = 64;
export const DOCUMENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
/** Firestore reserves ids of the form __.*__ (e.g. "__name__"). */
const RESERVED_ID = /^__.*__$/;

export const DOCUMENT_ID_RULE = `1 to ${DOCUMENT_ID_MAX_LENGTH} letters, digits, - or _ (not __x__)`;

export function isDocumentId(value: unknown): value is string {
  return typeof value === "string" && DOCUMENT_ID_PATTERN.test(value) && !RESERVED_ID.test(value);
}

/** A document id as an input field: `{orderId: documentId}`; the error names the field. */
export const documentId = z
  .string({ error: `Must be a document id: ${DOCUMENT_ID_RULE}` })
  .regex(DOCUMENT_ID_PATTERN, { error: `Must be a document id: ${DOCUMENT_ID_RULE}` })
  .refine((id) => !RESERVED_ID.test(id), { error: `Must be a document id: ${DOCUMENT_ID_RULE}` });

/** One file name: no "/", and not "." or ".." (it starts with a letter, digit, "-" or "_"). */
const FILE_NAME = /^[\w-][\w.-]{0,199}$/;

/**
 * True when `path` is one file directly inside `folder` ("serviceJobs/j1/photos/front.jpg"
 * in "serviceJobs/j1/photos"): a Storage path a callable stores must point where
 * storage.rules let only the right people write, so another job's or vendor's folder, a
 * deeper folder and any "." or ".." segment are refused.
 */
export function isFileIn(folder: string, path: string): boolean {
  return path.startsWith(`${folder}/`) && FILE_NAME.test(path.slice(folder.length + 1));
}
