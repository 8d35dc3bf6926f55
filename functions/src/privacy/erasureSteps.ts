// Carrying out one step of privacy/erasurePlan.ts for one user, as the delete-user-data
// extension does bulk work: documents found through the registry's link (path segment,
// field or parent) and nothing else, in pages, each item isolated (a failure is logged and
// fails the step, so the next run does it again; what was done stays done).
import { FieldPath, FieldValue, type DocumentData, type DocumentReference, type Query, type QueryDocumentSnapshot, type Transaction } from "firebase-admin/firestore";
import type { Classification, SubjectLink } from "../core/classification";
import { forEachIsolated } from "../core/batches";
import { adminAuth, db } from "../core/firebase";
import { logs } from "../core/log";
import { mentions, replaceDeep } from "../core/pseudonym";
import type { ErasureStep, LinkedStep, PseudonymiseStep } from "./erasurePlan";
import type { ExternalStores } from "./externalStores";
import { registry } from "./registry";

export interface Subject {
  uid: string;
  pseudonym: string;
  stores: ExternalStores;
}

/** Documents per page; one page is one BulkWriter flush or ten parallel transactions at a time. */
const PAGE = 200;
const PARALLEL = 10;

export type Counts = Record<string, number>;

const isWildcard = (part: string) => /^\{.+\}$/.test(part) || part === "**";

/** The pattern with the link's segment set to `value`: "users/{uid}/consents/{id}" -> "users/U/consents/{id}". */
function withSegment(path: string, segment: string, value: string): string[] {
  return path.split("/").map((part) => (part === `{${segment}}` ? value : part));
}

/** Does a concrete document path have the entry's shape (a collection group spans every parent)? */
function hasShape(ref: DocumentReference, entry: Classification): boolean {
  const parts = ref.path.split("/");
  const pattern = entry.path.split("/");
  return parts.length === pattern.length && pattern.every((p, i) => isWildcard(p) || p === parts[i]);
}

function queryByField(entry: Classification, field: string, uid: string): Query {
  const parts = entry.path.split("/");
  const source = parts.length === 2 ? db().collection(parts[0]) : db().collectionGroup(parts[parts.length - 2]);
  return source.where(field, "==", uid);
}

/** Pages through `query` by document name (a cursor, so documents changed or deleted meanwhile never stall it). */
async function forEachPage(query: Query, entry: Classification, work: (docs: QueryDocumentSnapshot[]) => Promise<void>): Promise<void> {
  let cursor: QueryDocumentSnapshot | undefined;
  for (;;) {
    let page = query.orderBy(FieldPath.documentId()).limit(PAGE);
    if (cursor) page = page.startAfter(cursor);
    const snapshot = await page.get();
    if (snapshot.empty) return;
    await work(snapshot.docs.filter((doc) => hasShape(doc.ref, entry)));
    cursor = snapshot.docs[snapshot.docs.length - 1];
    if (snapshot.size < PAGE) return;
  }
}

/** Every document of `entry` tied to the user by `link`, page by page. */
async function forEachLinked(entry: Classification, link: SubjectLink, uid: string, work: (docs: QueryDocumentSnapshot[]) => Promise<void>): Promise<void> {
  if ("field" in link) return forEachPage(queryByField(entry, link.field, uid), entry, work);
  if ("segment" in link) {
    const parts = withSegment(entry.path, link.segment, uid);
    if (parts.slice(0, -1).some(isWildcard)) throw new Error(`${entry.path}: only the last segment may stay open`);
    if (!isWildcard(parts[parts.length - 1])) {
      const doc = await db().doc(parts.join("/")).get();
      return doc.exists ? work([doc as QueryDocumentSnapshot]) : undefined;
    }
    return forEachPage(db().collection(parts.slice(0, -1).join("/")), entry, work);
  }
  const parent = registry.find((e) => e.path === link.parent);
  if (!parent) throw new Error(`${entry.path}: parent ${link.parent} is not classified`);
  const sub = entry.path.split("/").slice(-2, -1)[0];
  for (const parentLink of parent.links) {
    await forEachLinked(parent, parentLink, uid, async (parents) => {
      for (const p of parents) await forEachPage(p.ref.collection(sub), entry, work);
    });
  }
}

/** Parent ids of a parent-linked Storage entry: "listings/{listingId}/images/{file}" -> the user's listings. */
async function storagePrefixes(entry: Classification, link: SubjectLink, uid: string): Promise<string[]> {
  const openFrom = (parts: string[]) => parts.slice(0, parts.findIndex(isWildcard)).join("/") + "/";
  if ("segment" in link) return [openFrom(withSegment(entry.path, link.segment, uid))];
  if (!("parent" in link)) throw new Error(`${entry.path}: a Storage file is tied to a user by its path or its parent`);
  const parent = registry.find((e) => e.path === link.parent);
  const param = link.parent.split("/").pop() ?? "";
  const prefixes: string[] = [];
  for (const parentLink of parent?.links ?? []) {
    await forEachLinked(parent as Classification, parentLink, uid, async (docs) => {
      for (const doc of docs) prefixes.push(openFrom(withSegment(entry.path, param.slice(1, -1), doc.id)));
    });
  }
  return prefixes;
}

async function deleteLinked(step: LinkedStep, uid: string, counts: Counts): Promise<void> {
  let failed = 0;
  const writer = db().bulkWriter();
  writer.onWriteError((error) => {
    if (error.failedAttempts < 3) return true;
    failed += 1;
    logs.deletionItemFailed(step.entry.path, error);
    return false;
  });
  for (const link of step.links) {
    await forEachLinked(step.entry, link, uid, async (docs) => {
      for (const doc of docs) void writer.delete(doc.ref).then(() => (counts[step.entry.path] = (counts[step.entry.path] ?? 0) + 1), () => undefined);
      await writer.flush();
    });
  }
  await writer.close();
  if (failed > 0) throw new Error(`${failed} documents of ${step.entry.path} could not be deleted`);
}

/**
 * One kept record and its subcollections in one transaction: the uid becomes the
 * pseudonym everywhere in them; the PII the user owns in them (piiFields, or a child such
 * as an order's encrypted address) goes. Reading again inside the transaction makes a
 * record already pseudonymised (a resumed run) a no-op.
 */
async function pseudonymiseOne(ref: DocumentReference, step: PseudonymiseStep, subject: Subject, counts: Counts): Promise<void> {
  const { uid, pseudonym } = subject;
  const done = await db().runTransaction(async (tx) => {
    const doc = await tx.get(ref);
    const data = doc.data();
    if (!data || !mentions(data, uid)) return [] as string[];
    const subs = await Promise.all(step.children.map(async (child) => ({ child, docs: (await tx.get(ref.collection(child.path.split("/").slice(-2, -1)[0]))).docs })));
    const owns = (field: string | undefined) => field !== undefined && data[field] === uid;
    const next = replaceDeep(data, uid, pseudonym) as DocumentData;
    if (owns(step.entry.piiOwner)) for (const field of step.entry.piiFields ?? []) delete next[field];
    tx.set(ref, { ...next, pseudonymisedAt: FieldValue.serverTimestamp() });
    return [step.entry.path, ...pseudonymiseChildren(tx, subs, owns, subject)];
  });
  for (const path of done) counts[path] = (counts[path] ?? 0) + 1;
}

/** An order's timeline follows it (uid -> pseudonym); the child holding the owner's PII (its address) goes. */
function pseudonymiseChildren(
  tx: Transaction,
  subs: { child: Classification; docs: QueryDocumentSnapshot[] }[],
  owns: (field: string | undefined) => boolean,
  { uid, pseudonym }: Subject,
): string[] {
  const touched: string[] = [];
  for (const { child, docs } of subs) {
    for (const childDoc of docs) {
      if (child.deletion === "delete" && owns(child.piiOwner)) tx.delete(childDoc.ref);
      else if (child.deletion !== "delete" && mentions(childDoc.data(), uid)) tx.set(childDoc.ref, replaceDeep(childDoc.data(), uid, pseudonym) as DocumentData);
      else continue;
      touched.push(child.path);
    }
  }
  return touched;
}

async function pseudonymiseLinked(step: PseudonymiseStep, subject: Subject, counts: Counts): Promise<void> {
  let failed = 0;
  for (const link of step.links) {
    await forEachLinked(step.entry, link, subject.uid, async (docs) => {
      failed += await forEachIsolated(docs, PARALLEL, (doc) => pseudonymiseOne(doc.ref, step, subject, counts), (doc, error) =>
        logs.deletionItemFailed(doc.ref.path.replace(subject.uid, subject.pseudonym), error),
      );
    });
  }
  if (failed > 0) throw new Error(`${failed} records of ${step.entry.path} could not be pseudonymised`);
}

async function deleteAuthUser(uid: string, counts: Counts): Promise<void> {
  try {
    await adminAuth().deleteUser(uid);
    counts.auth = 1;
  } catch (error) {
    if ((error as { code?: string }).code !== "auth/user-not-found") throw error;
    counts.auth = 0;
  }
}

async function removeRtdb(step: LinkedStep, subject: Subject, counts: Counts): Promise<void> {
  for (const link of step.links) {
    if (!("segment" in link)) throw new Error(`${step.entry.path}: an RTDB path is tied to a user by its path`);
    if (await subject.stores.removeRtdb(withSegment(step.entry.path, link.segment, subject.uid).join("/"))) counts[step.entry.path] = 1;
  }
}

async function deleteFiles(step: LinkedStep, subject: Subject, counts: Counts): Promise<void> {
  for (const link of step.links) {
    for (const prefix of await storagePrefixes(step.entry, link, subject.uid)) {
      counts[step.entry.path] = (counts[step.entry.path] ?? 0) + (await subject.stores.deleteFiles(prefix));
    }
  }
}

/** Runs one step; answers how many documents, files or paths it touched, per classified path. */
export async function runStep(step: ErasureStep, subject: Subject): Promise<Counts> {
  const counts: Counts = {};
  if (step.kind === "auth") await deleteAuthUser(subject.uid, counts);
  else if (step.kind === "delete") await deleteLinked(step, subject.uid, counts);
  else if (step.kind === "pseudonymise") await pseudonymiseLinked(step, subject, counts);
  else if (step.kind === "rtdb") await removeRtdb(step, subject, counts);
  else await deleteFiles(step, subject, counts);
  return counts;
}
