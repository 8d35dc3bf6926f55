// privacy-exportData (SPEC section 8): everything tied to the caller, found and shaped by
// the registry alone. PII is decrypted for its owner only; another party of an order or a
// job appears by display name, never by uid, address or phone.
import type { DocumentData, DocumentSnapshot, Query } from "firebase-admin/firestore";
import { Timestamp } from "firebase-admin/firestore";
import { PII_KEYS } from "../core/audit";
import type { Classification, SubjectLink } from "../core/classification";
import { db } from "../core/firebase";
import { piiCipher } from "../core/keys";
import type { Exported } from "./model";
import { registry } from "./registry";

export type { Exported };

const PARTY_FIELDS = ["buyerId", "vendorId", "customerId", "engineerId"];
/** Audit targets that are a person: another person's uid there becomes "other party". */
const PERSON_TARGETS = new Set(["user", "vendor", "engineer"]);

function segments(path: string): string[] {
  return path.split("/");
}

/** The documents of one classified path that belong to `uid` (links resolved by kind). */
async function documentsOf(entry: Classification, uid: string, parents: Map<string, DocumentSnapshot[]>): Promise<DocumentSnapshot[]> {
  const parts = segments(entry.path);
  const found: DocumentSnapshot[] = [];
  for (const link of entry.exportLinks ?? entry.links) found.push(...(await byLink(parts, link, uid, parents)));
  return [...new Map(found.map((d) => [d.ref.path, d])).values()];
}

async function byLink(parts: string[], link: SubjectLink, uid: string, parents: Map<string, DocumentSnapshot[]>): Promise<DocumentSnapshot[]> {
  const concrete = (p: string) => (p === `{${"segment" in link ? link.segment : ""}}` ? uid : p);
  if ("segment" in link) {
    const path = parts.map(concrete);
    if (path.length === 2) {
      const doc = await db().doc(path.join("/")).get();
      return doc.exists ? [doc] : [];
    }
    return (await db().collection(path.slice(0, -1).join("/")).get()).docs;
  }
  if ("parent" in link) {
    const sub = parts[parts.length - 2];
    const owners = parents.get(link.parent) ?? [];
    const lists = await Promise.all(owners.map((p) => p.ref.collection(sub).get()));
    return lists.flatMap((l) => l.docs);
  }
  const query: Query = parts.length === 2 ? db().collection(parts[0]) : db().collectionGroup(parts[parts.length - 2]);
  const docs = (await query.where(link.field, "==", uid).get()).docs;
  // A collection group spans every parent: keep the documents under this entry's shape.
  return docs.filter((d) => segments(d.ref.path).every((p, i) => parts[i]?.startsWith("{") || parts[i] === p));
}

function isCipher(value: unknown): value is string {
  return typeof value === "string" && value.startsWith("pii1.");
}

/** Plain JSON: timestamps as ISO strings, ciphertexts decrypted (own PII) or dropped. */
async function plain(value: unknown, decrypt: boolean): Promise<unknown> {
  if (value instanceof Timestamp) return value.toDate().toISOString();
  if (isCipher(value)) return decrypt ? await piiCipher().decrypt(value) : undefined;
  if (Array.isArray(value)) return Promise.all(value.map((v) => plain(v, decrypt)));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const shaped = await plain(v, decrypt);
      if (shaped !== undefined) out[k] = shaped;
    }
    return out;
  }
  return value;
}

function withoutPii(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPii);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([k]) => !PII_KEYS.has(k)).map(([k, v]) => [k, withoutPii(v)]));
  }
  return value;
}

async function displayNameOf(uid: string, cache: Map<string, string>): Promise<string> {
  if (!cache.has(uid)) cache.set(uid, ((await db().collection("users").doc(uid).get()).get("displayName") as string | undefined) ?? "Souk user");
  return cache.get(uid) ?? "Souk user";
}

/** Another party's uid becomes their display name; uids inside `by` / `actor` / a person `target` of others are dropped. */
async function shapeParties(data: DocumentData, uid: string, names: Map<string, string>): Promise<DocumentData> {
  const out: DocumentData = { ...data };
  for (const field of PARTY_FIELDS) {
    const party = out[field];
    if (typeof party === "string" && party !== uid) {
      delete out[field];
      out[field.replace(/Id$/, "Name")] = await displayNameOf(party, names);
    }
  }
  return withoutOtherPeople(out, uid);
}

function withoutOtherPeople(out: DocumentData, uid: string): DocumentData {
  for (const field of ["by", "lastChange", "actor"]) {
    const who = out[field] as { uid?: unknown } | undefined;
    if (who && typeof who === "object" && typeof who.uid === "string" && who.uid !== uid) out[field] = { ...who, uid: "other party" };
  }
  const target = out.target as { type?: unknown; id?: unknown } | undefined;
  if (target && typeof target === "object" && PERSON_TARGETS.has(String(target.type)) && target.id !== uid) out.target = { ...target, id: "other party" };
  return out;
}

function ownsPii(entry: Classification, doc: DocumentSnapshot, parent: DocumentSnapshot | undefined, uid: string): boolean {
  if (!entry.piiOwner) return entry.links.some((l) => "segment" in l);
  const holder = entry.links.some((l) => "parent" in l) ? parent : doc;
  return holder?.get(entry.piiOwner) === uid;
}

export async function collectUserData(uid: string): Promise<Exported> {
  const parents = new Map<string, DocumentSnapshot[]>();
  const names = new Map<string, string>();
  const data: Exported = {};
  for (const entry of registry) {
    if (entry.store !== "firestore" || entry.export === "none" || entry.links.length === 0) continue;
    const docs = await documentsOf(entry, uid, parents);
    parents.set(entry.path, docs);
    data[entry.path] = await Promise.all(docs.map(async (doc) => shapeDocument(entry, doc, uid, names)));
  }
  return data;
}

async function shapeDocument(entry: Classification, doc: DocumentSnapshot, uid: string, names: Map<string, string>) {
  const parent = doc.ref.parent.parent ? await doc.ref.parent.parent.get() : undefined;
  const own = ownsPii(entry, doc, parent, uid);
  let shaped = (doc.data() ?? {}) as DocumentData;
  if (!own) shaped = withoutPii(shaped) as DocumentData;
  shaped = await shapeParties(shaped, uid, names);
  return { path: doc.ref.path, data: await plain(shaped, own) };
}
