import assert from "node:assert/strict";
import { REDACTED, auditRecord, expiryOf, redactPii } from "../../src/core/audit";

describe("audit log records", () => {
  it("expire seven years after they are written", () => {
    const at = new Date("2026-02-28T10:00:00Z");
    assert.equal(expiryOf(at).toISOString(), "2033-02-28T10:00:00.000Z");
    const record = auditRecord(
      { actor: { system: "test" }, action: "user.role_change", target: { type: "user", id: "u1" }, outcome: "success" },
      at,
    );
    assert.equal(record.expireAt.toDate().toISOString(), "2033-02-28T10:00:00.000Z");
  });

  it("redact personal data at any depth, keeping the rest", () => {
    const changes = {
      to: "vendor",
      phone: "+201001234567",
      kyc: { nationalId: "29001011234567", iban: "EG38...", city: "Giza" },
      addresses: [{ address: "12 Tahrir" }],
    };
    assert.deepEqual(redactPii(changes), {
      to: "vendor",
      phone: REDACTED,
      kyc: { nationalId: REDACTED, iban: REDACTED, city: "Giza" },
      addresses: [{ address: REDACTED }],
    });
  });

  it("store null for what was not given, never undefined (Firestore rejects undefined)", () => {
    const record = auditRecord(
      { actor: { uid: "a", role: "admin" }, action: "admin.call", target: { type: "callable", id: "x" }, outcome: "denied" },
      new Date(),
    );
    for (const [key, value] of Object.entries(record)) assert.notEqual(value, undefined, key);
    assert.equal(record.changes, null);
  });
});
