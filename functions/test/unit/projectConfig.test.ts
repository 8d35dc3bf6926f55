// The deploy configuration promises of SPEC sections 1 and 8, checked from the files.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";

const root = path.resolve(__dirname, "../../..");
const readJson = (file: string) => JSON.parse(readFileSync(path.join(root, file), "utf8"));

describe("project configuration", () => {
  it("declares TTL policies on expireAt for audit logs, rate-limit counters and event ledgers", () => {
    const { fieldOverrides } = readJson("firestore.indexes.json") as { fieldOverrides: { collectionGroup: string; fieldPath: string; ttl?: boolean }[] };
    for (const group of ["auditLogs", "rateLimits", "statsEvents", "paymentEvents"]) {
      assert.ok(fieldOverrides.some((o) => o.collectionGroup === group && o.fieldPath === "expireAt" && o.ttl === true), group);
    }
  });

  it("runs functions on nodejs22 with lint and build before deploy", () => {
    const [functions] = readJson("firebase.json").functions;
    assert.equal(functions.runtime, "nodejs22");
    assert.ok(functions.predeploy.some((step: string) => step.includes("lint")));
    assert.ok(functions.predeploy.some((step: string) => step.includes("build")));
  });

  it("fixes every emulator's port and disables the UI", () => {
    const { emulators } = readJson("firebase.json");
    for (const name of ["auth", "firestore", "functions", "database", "storage"]) assert.equal(typeof emulators[name].port, "number", name);
    assert.equal(emulators.ui.enabled, false);
  });

  it("has default, staging and prod aliases", () => {
    assert.deepEqual(Object.keys(readJson(".firebaserc").projects).sort(), ["default", "prod", "staging"]);
  });
});
