// The issue 11 backfill of data written before it (tools/backfillIssue11.ts): what one
// stored listing needs, decided without Firestore.
import assert from "node:assert/strict";
import { FieldValue } from "firebase-admin/firestore";
import { listingBackfill } from "../../tools/backfillIssue11";

describe("issue 11 backfill", () => {
  it("an old car listing gets makeKey/modelKey, and its public moderation loses the admin and the reason", () => {
    const { patch, legacyDecision } = listingBackfill({ kind: "car", make: "Citroën", model: "C4", status: "active", moderation: { by: "admin-7", at: 5, reason: "ok" } });
    assert.deepEqual(patch, { makeKey: "citroen", modelKey: "c4", moderation: { at: 5, decision: "approve" } });
    assert.deepEqual(legacyDecision, { by: "admin-7", reason: "ok", at: 5, decision: "approve" });
  });

  it("a listing already backfilled needs nothing (a second run writes nothing)", () => {
    const { patch, legacyDecision } = listingBackfill({ kind: "car", make: "Kia", model: "Rio", makeKey: "kia", modelKey: "rio", moderation: { at: 5, decision: "reject" } });
    assert.deepEqual(patch, {});
    assert.equal(legacyDecision, undefined);
  });

  it("a part that carries a stray makeKey loses it", () => {
    assert.deepEqual(listingBackfill({ kind: "part", makeKey: "toyota" }).patch, { makeKey: FieldValue.delete() });
  });
});
