// Registry completeness (SPEC section 8): every path the rules or the code name is
// classified, so export, deletion and retention cannot miss one.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { DATA_CLASSES, type Store } from "../../src/core/classification";
import { PII_KEYS } from "../../src/core/audit";
import { classify, piiFieldNames, registry } from "../../src/privacy/registry";
import { collectionNamesInCode, databasePaths, rulesPaths } from "../support/rulesPaths";

const repo = path.resolve(__dirname, "../../..");
const read = (file: string) => readFileSync(path.join(repo, file), "utf8");
const FIRESTORE_ROOT = /^\/databases\/\{database\}\/documents/;
const STORAGE_ROOT = /^\/b\/\{bucket\}\/o/;

function unclassified(store: Store, paths: string[]): string[] {
  return paths.filter((p) => !classify(store, p));
}

describe("data classification registry", () => {
  it("classifies every path firestore.rules names", () => {
    const paths = rulesPaths(read("firestore.rules"), FIRESTORE_ROOT);
    assert.ok(paths.includes("users/{uid}/consents/{id}") && paths.length > 10, paths.join(", "));
    assert.deepEqual(unclassified("firestore", paths), []);
  });

  it("classifies every prefix storage.rules names", () => {
    const paths = rulesPaths(read("storage.rules"), STORAGE_ROOT);
    assert.ok(paths.includes("vendors/{uid}/kyc/{allPaths=**}"), paths.join(", "));
    assert.deepEqual(unclassified("storage", paths), []);
  });

  it("classifies every RTDB path database.rules.json names", () => {
    const paths = databasePaths(JSON.parse(read("database.rules.json")));
    assert.deepEqual(paths, ["status/{uid}"]);
    assert.deepEqual(unclassified("rtdb", paths), []);
  });

  it("classifies every collection name the functions use", () => {
    const names = [...collectionNamesInCode(path.join(repo, "functions/src"))];
    assert.ok(names.includes("orders") && names.includes("rateLimits"), names.join(", "));
    const known = new Set(registry.filter((e) => e.store === "firestore").flatMap((e) => e.path.split("/").filter((_, i) => i % 2 === 0)));
    assert.deepEqual(names.filter((n) => !known.has(n)), []);
  });

  it("fails for a fixture rules file with an unclassified collection, naming it", () => {
    const paths = rulesPaths(readFileSync(path.join(__dirname, "../fixtures/unclassified.firestore.rules"), "utf8"), FIRESTORE_ROOT);
    assert.deepEqual(unclassified("firestore", paths), ["loyaltyPoints/{uid}"]);
  });

  it("gives every entry a known class, and a subject link to everything it deletes or pseudonymises", () => {
    for (const entry of registry) {
      assert.ok(DATA_CLASSES.includes(entry.class), entry.path);
      if (entry.deletion !== "keep") assert.ok(entry.links.length > 0, `${entry.path} has no subject link`);
    }
    const keys = registry.map((e) => `${e.store}:${e.path}`);
    assert.equal(new Set(keys).size, keys.length, "no path classified twice");
  });

  it("keeps notifications 180 days and audit entries 7 years", () => {
    assert.equal(classify("firestore", "users/u1/notifications/n1")?.retention?.days, 180);
    assert.equal(classify("firestore", "auditLogs/a1")?.retention?.by, "ttl");
  });
});

describe("audit redaction follows the registry", () => {
  it("masks every field the registry names as PII", () => {
    assert.deepEqual([...piiFieldNames()].filter((f) => !PII_KEYS.has(f)), []);
  });
});
