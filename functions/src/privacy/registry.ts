// The one data classification registry (SPEC section 8), composed of what each domain
// declares next to its store. Export, deletion, audit redaction and retention read it;
// test/unit/privacy.registry.test.ts fails when the rules or the code name a path that is
// not classified here.
import { coreClassification, type Classification, type Store } from "../core/classification";
import { engineersClassification } from "../engineers/classification";
import { jobsClassification } from "../jobs/classification";
import { listingsClassification } from "../listings/classification";
import { ordersClassification } from "../orders/classification";
import { paymentsClassification } from "../payments/classification";
import { presenceClassification } from "../presence/classification";
import { usersClassification } from "../users/classification";
import { vendorsClassification } from "../vendors/classification";
import { privacyClassification } from "./classification";

export const registry: readonly Classification[] = [
  ...coreClassification,
  ...usersClassification,
  ...privacyClassification,
  ...vendorsClassification,
  ...listingsClassification,
  ...ordersClassification,
  ...paymentsClassification,
  ...jobsClassification,
  ...engineersClassification,
  ...presenceClassification,
];

/** A path pattern with its named segments generalised: "users/{uid}/consents/{id}" -> "users/*\/consents/*". */
export function shapeOf(path: string): string {
  return path
    .split("/")
    .map((part) => (part === "**" || /^\{.+=\*\*\}$/.test(part) ? "**" : /^\{.+\}$/.test(part) ? "*" : part))
    .join("/");
}

/** The classification of a concrete or pattern path, or undefined when none covers it. */
export function classify(store: Store, path: string): Classification | undefined {
  const wanted = shapeOf(path).split("/");
  return registry.find((entry) => {
    if (entry.store !== store) return false;
    const pattern = shapeOf(entry.path).split("/");
    if (pattern[pattern.length - 1] === "**") return wanted.length >= pattern.length - 1 && pattern.slice(0, -1).every((p, i) => p === "*" || p === wanted[i]);
    return pattern.length === wanted.length && pattern.every((p, i) => p === "*" || p === wanted[i]);
  });
}

/** Every field name classified as PII anywhere: the audit log masks them. */
export function piiFieldNames(): Set<string> {
  return new Set(registry.flatMap((entry) => entry.piiFields ?? []));
}
