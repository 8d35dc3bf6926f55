// The erasure plan, the pseudonyms and the retention declarations, offline (SPEC section 8).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Timestamp } from "firebase-admin/firestore";
import type { Classification } from "../../src/core/classification";
import { mentions, pseudonymOf, replaceDeep } from "../../src/core/pseudonym";
import { erasurePlan } from "../../src/privacy/erasurePlan";
import { registry } from "../../src/privacy/registry";

const names = () => erasurePlan(registry).map((s) => s.name);

describe("erasure plan (from the registry)", () => {
  it("files and RTDB first, then pseudonymisation, then deletions with the profile last, then the Auth user", () => {
    const steps = erasurePlan(registry);
    const kinds = steps.map((s) => s.kind);
    const firstOf = (k: string) => kinds.indexOf(k as (typeof kinds)[number]);
    const lastOf = (k: string) => kinds.lastIndexOf(k as (typeof kinds)[number]);
    assert.ok(lastOf("storage") < firstOf("rtdb") && lastOf("rtdb") < firstOf("pseudonymise") && lastOf("pseudonymise") < firstOf("delete"));
    assert.equal(steps[steps.length - 1].name, "auth");
    assert.equal(steps[steps.length - 2].name, "delete:users/{uid}", "the profile goes last: while it exists the run finds the user");
  });

  it("every classified path tied to a user that is not kept has a step, and step names are unique", () => {
    const all = names();
    assert.equal(new Set(all).size, all.length);
    for (const entry of registry.filter((e) => e.links.length > 0 && e.deletion !== "keep")) {
      const covered = all.some((n) => n.endsWith(`:${entry.path}`)) || entry.links.some((l) => "parent" in l);
      assert.ok(covered, `${entry.store}:${entry.path} has no erasure step`);
    }
  });

  it("an order's events and its encrypted address travel with the order's pseudonymisation", () => {
    const order = erasurePlan(registry).find((s) => s.name === "pseudonymise:orders/{orderId}");
    assert.ok(order && order.kind === "pseudonymise");
    assert.deepEqual(order.children.map((c) => c.path).sort(), ["orders/{orderId}/events/{eventId}", "orders/{orderId}/private/{doc}"]);
    assert.ok(!names().some((n) => n.includes("orders/{orderId}/")), "no separate step could leave half an order");
  });

  it("reviews the erased user wrote are pseudonymised; reviews of an erased vendor (the path names them) are deleted", () => {
    assert.ok(names().includes("pseudonymise:vendors/{vendorId}/reviews/{orderId}"));
    assert.ok(names().includes("delete:vendors/{vendorId}/reviews/{orderId}"));
  });

  it("a kept ledger without a personal link gets no step", () => {
    const ledger: Classification = { store: "firestore", path: "ledger/{id}", class: "financial", links: [], export: "none", deletion: "keep" };
    assert.deepEqual(erasurePlan([ledger]).map((s) => s.name), ["auth"]);
  });
});

describe("pseudonyms", () => {
  it("are stable per uid and key, differ across uids and keys, and never contain the uid", () => {
    assert.equal(pseudonymOf("u1", "k"), pseudonymOf("u1", "k"));
    assert.notEqual(pseudonymOf("u1", "k"), pseudonymOf("u2", "k"));
    assert.notEqual(pseudonymOf("u1", "k"), pseudonymOf("u1", "other"));
    assert.ok(!pseudonymOf("abc", "k").includes("abc"));
    assert.throws(() => pseudonymOf("u1", ""), /PSEUDONYM_KEY/);
  });

  it("replace the uid at any depth and leave everything else, timestamps included", () => {
    const at = Timestamp.fromMillis(1_700_000_000_000);
    const doc = { buyerId: "u1", lastChange: { by: { uid: "u1", role: "customer" } }, declinedBy: ["e1", "u1"], at, note: "u1x" };
    const out = replaceDeep(doc, "u1", "anon_1") as typeof doc;
    assert.deepEqual(out, { buyerId: "anon_1", lastChange: { by: { uid: "anon_1", role: "customer" } }, declinedBy: ["e1", "anon_1"], at, note: "u1x" });
    assert.ok(out.at instanceof Timestamp);
    assert.equal(mentions(out, "u1"), false);
    assert.equal(mentions(doc, "u1"), true);
  });
});

describe("retention: TTL policies and the registry agree", () => {
  const indexes = JSON.parse(readFileSync(path.resolve(__dirname, "../../../firestore.indexes.json"), "utf8")) as {
    fieldOverrides: { collectionGroup: string; fieldPath: string; ttl?: boolean }[];
  };
  const ttlDeclared = indexes.fieldOverrides.filter((o) => o.ttl).map((o) => `${o.collectionGroup}.${o.fieldPath}`).sort();
  const collectionOf = (p: string) => p.split("/").slice(-2, -1)[0];

  it("every retention the registry gives by TTL has its TTL policy, and every TTL policy is in the registry", () => {
    const ttlInRegistry = registry
      .filter((e) => e.store === "firestore" && e.retention?.by === "ttl")
      .map((e) => `${collectionOf(e.path)}.${e.retention?.field}`)
      .sort();
    assert.deepEqual(ttlInRegistry, ttlDeclared);
  });

  it("notifications are pruned after 180 days by the daily schedule, exports after 7", () => {
    const retention = (p: string) => registry.find((e) => e.path === p)?.retention;
    assert.deepEqual(retention("users/{uid}/notifications/{id}"), { days: 180, field: "createdAt", by: "prune" });
    assert.deepEqual(retention("exports/{uid}/**"), { days: 7, field: "timeCreated", by: "prune" });
  });
});
