import assert from "node:assert/strict";
import { REDACTED, auditRecord, expiryOf, maskFreeText, redactPii } from "../../src/core/audit";

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

  it("mask phone numbers, e-mails, national ids and IBANs in free text, keeping the rest readable", () => {
    const text =
      "Call me on 0100 123 4567 or +20 100 123 4567 or 00201001234567, mail sara.k+souk@example.com.eg, " +
      "ID 29001011234567, IBAN EG38 0019 0005 0000 0000 2631 8000 2, paid 1250000 on 2026-12-02";
    const masked = maskFreeText(text);
    for (const secret of ["0100 123 4567", "100 123 4567", "00201001234567", "sara.k", "example.com", "29001011234567", "EG38", "2631 8000"]) {
      assert.ok(!masked.includes(secret), `${secret} is masked in: ${masked}`);
    }
    for (const label of ["[phone]", "[email]", "[national-id]", "[iban]"]) assert.ok(masked.includes(label), `${label} in ${masked}`);
    assert.ok(masked.includes("paid 1250000 on 2026-12-02"), "prices and dates stay readable");
  });

  it("mask Arabic-Indic digits as well", () => {
    assert.equal(maskFreeText("رقمي ٠١٠٠١٢٣٤٥٦٧"), "رقمي [phone]");
  });

  it("mask free text under reason and note keys at any depth, not ids or codes", () => {
    const changes = { reason: "Customer 01001234567 complained", cascaded: { note: "see a@b.co" }, orderId: "01001234567" };
    assert.deepEqual(redactPii(changes), { reason: "Customer [phone] complained", cascaded: { note: "see [email]" }, orderId: "01001234567" });
  });
});
