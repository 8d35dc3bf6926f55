// Data classification (SPEC section 8): what one stored path holds, which user it belongs
// to, and what export, deletion and retention do with it. Each domain declares its own
// paths in <domain>/classification.ts next to its store; privacy/registry.ts composes them
// and export, deletion, audit redaction and retention pruning read only that registry.
export const DATA_CLASSES = ["identity", "contact_pii", "financial", "location", "behavioural", "public_content", "operational"] as const;
export type DataClass = (typeof DATA_CLASSES)[number];

export type Store = "firestore" | "rtdb" | "storage";

/**
 * What ties a record to a user: a `{segment}` of its path (users/{uid}), a field of the
 * document (buyerId, actor.uid), or the parent document's link (an order's events).
 */
export type SubjectLink = { segment: string } | { field: string } | { parent: string };

export interface Classification {
  store: Store;
  /** Path pattern with named segments: "users/{uid}/consents/{id}", "status/{uid}", "exports/{uid}/**". */
  path: string;
  class: DataClass;
  /** Empty for aggregates and ledgers that name nobody. */
  links: readonly SubjectLink[];
  /**
   * The links export follows when narrower than `links`: an audit entry about a user
   * (an admin's role change) is pseudonymised at deletion but not exported to them, since
   * it holds the acting admin's uid, IP and user agent (SPEC section 8).
   */
  exportLinks?: readonly SubjectLink[];
  /** "decrypt": exported with its ciphertexts decrypted; "parties": other parties by display name only. */
  export: "as_is" | "decrypt" | "parties" | "none";
  /** delete; pseudonymise (uid -> stable pseudonym, PII removed); keep (no personal link or legal hold). */
  deletion: "delete" | "pseudonymise" | "keep";
  retention?: { days: number; field: string; by: "ttl" | "prune" };
  /**
   * Whose PII the record's piiFields are, when it links several people: a field of the
   * record (serviceJobs.customerId) or of its parent ("buyerId" for an order's address).
   * Export gives PII only to that person.
   */
  piiOwner?: string;
  /** Field names holding PII (ciphertexts or free text) — masked in audit entries. */
  piiFields?: readonly string[];
}

/** The platform-wide records core/ writes: audit log, rate-limit counters, stats, operation records. */
export const coreClassification: readonly Classification[] = [
  {
    store: "firestore",
    path: "auditLogs/{id}",
    class: "operational",
    // The actor, or the user an entry is about (an admin's role change, a deletion request).
    links: [{ field: "actor.uid" }, { field: "target.id" }],
    // Export: the entries where the user is the actor only (issue 12: another person's ip/userAgent).
    exportLinks: [{ field: "actor.uid" }],
    export: "as_is",
    deletion: "pseudonymise",
    retention: { days: 7 * 365, field: "expireAt", by: "ttl" },
  },
  {
    store: "firestore",
    path: "rateLimits/{key}",
    class: "operational",
    links: [],
    export: "none",
    deletion: "keep",
    retention: { days: 1, field: "expireAt", by: "ttl" },
  },
  { store: "firestore", path: "stats/{id}", class: "operational", links: [], export: "none", deletion: "keep" },
  { store: "firestore", path: "stats/{id}/shards/{shard}", class: "operational", links: [], export: "none", deletion: "keep" },
  { store: "firestore", path: "keyRotations/{id}", class: "operational", links: [], export: "none", deletion: "keep" },
  { store: "firestore", path: "backups/{id}", class: "operational", links: [], export: "none", deletion: "keep" },
  // The deep health check (api/health.ts) reads one document that never exists: nothing is stored.
  { store: "firestore", path: "_health/{id}", class: "operational", links: [], export: "none", deletion: "keep" },
];
