// What erasing one user does, derived from the classification registry alone (SPEC
// section 8), as an ordered list of named steps. Pure, so the order is unit-tested:
//  1. files in Storage (before the documents that name them: a listing's images are found
//     through the listing),
//  2. the Realtime Database paths,
//  3. pseudonymisation of what must be kept, each record with its subcollections in one
//     transaction (an order and its timeline never disagree),
//  4. deletion of documents, deepest paths first, the profile users/{uid} last (while it
//     exists the run can still find the user),
//  5. the Auth user.
// A step's name is stable (it is stored in the deletion record's `completed` list), so a
// run killed half-way skips what is done and never deletes or pseudonymises twice.
import type { Classification, SubjectLink } from "../core/classification";

export interface LinkedStep {
  name: string;
  kind: "storage" | "rtdb" | "delete";
  entry: Classification;
  links: readonly SubjectLink[];
}
export interface PseudonymiseStep {
  name: string;
  kind: "pseudonymise";
  entry: Classification;
  links: readonly SubjectLink[];
  children: readonly Classification[];
}
export type ErasureStep = LinkedStep | PseudonymiseStep | { name: "auth"; kind: "auth" };

const PROFILE = "users/{uid}";
const RANK = { storage: 0, rtdb: 1, pseudonymise: 2, delete: 3, auth: 4 } as const;

const isField = (l: SubjectLink) => "field" in l;
const isParent = (l: SubjectLink): l is { parent: string } => "parent" in l;

function depth(step: ErasureStep): number {
  return step.kind === "auth" ? 0 : step.entry.path.split("/").length;
}

function compare(a: ErasureStep, b: ErasureStep): number {
  if (RANK[a.kind] !== RANK[b.kind]) return RANK[a.kind] - RANK[b.kind];
  if (a.kind === "delete" && b.kind === "delete") {
    if (a.entry.path === PROFILE || b.entry.path === PROFILE) return a.entry.path === PROFILE ? 1 : -1;
    return depth(b) - depth(a) || a.name.localeCompare(b.name);
  }
  return a.name.localeCompare(b.name);
}

/**
 * Steps of one entry. A record kept under pseudonym is found by a field (buyerId,
 * actor.uid); a kept record whose very path names the user (vendors/{uid}/reviews: the
 * reviews an erased vendor received) cannot be pseudonymised in place and is deleted.
 * Entries tied to a pseudonymised parent travel with it (the parent's children).
 */
function stepsOf(entry: Classification, registry: readonly Classification[]): ErasureStep[] {
  if (entry.deletion === "keep" || entry.links.length === 0) return [];
  const parentOf = entry.links.find(isParent);
  const parent = parentOf && registry.find((e) => e.path === parentOf.parent);
  if (parent?.deletion === "pseudonymise") return [];
  if (entry.store !== "firestore") return [{ name: `${entry.store}:${entry.path}`, kind: entry.store, entry, links: entry.links }];
  if (entry.deletion === "delete") return [{ name: `delete:${entry.path}`, kind: "delete", entry, links: entry.links }];
  const steps: ErasureStep[] = [];
  const fields = entry.links.filter(isField);
  const others = entry.links.filter((l) => !isField(l));
  const children = registry.filter((e) => e.store === "firestore" && e.links.some((l) => isParent(l) && l.parent === entry.path));
  if (fields.length > 0) steps.push({ name: `pseudonymise:${entry.path}`, kind: "pseudonymise", entry, links: fields, children });
  if (others.length > 0) steps.push({ name: `delete:${entry.path}`, kind: "delete", entry, links: others });
  return steps;
}

export function erasurePlan(registry: readonly Classification[]): ErasureStep[] {
  const steps = registry.flatMap((entry) => stepsOf(entry, registry));
  steps.push({ name: "auth", kind: "auth" });
  return steps.sort(compare);
}
