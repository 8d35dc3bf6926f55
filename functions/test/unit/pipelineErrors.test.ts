import assert from "node:assert/strict";
import { HttpsError } from "firebase-functions/v2/https";
import { httpsErrorOf } from "../../src/core/callable";
import { DomainError, errors } from "../../src/core/errors";

describe("error mapping to HttpsError", () => {
  it("a domain error keeps its status, code, message and fields", () => {
    const mapped = httpsErrorOf(errors.validation({ "vehicle.year": "Too small" }), "req-1");
    assert.ok(mapped instanceof HttpsError);
    assert.equal(mapped.code, "invalid-argument");
    assert.deepEqual(mapped.details, { code: "VALIDATION_FAILED", requestId: "req-1", fields: { "vehicle.year": "Too small" } });
  });

  it("a domain error without fields carries no fields key", () => {
    const mapped = httpsErrorOf(new DomainError("failed-precondition", "INVALID_TRANSITION", "no"), "req-2");
    assert.deepEqual(mapped.details, { code: "INVALID_TRANSITION", requestId: "req-2" });
  });

  it("an unexpected error becomes internal without its internals", () => {
    const mapped = httpsErrorOf(new Error("connect ECONNREFUSED 10.0.0.7:5432 password=hunter2"), "req-3");
    assert.equal(mapped.code, "internal");
    assert.deepEqual(mapped.details, { code: "INTERNAL", requestId: "req-3" });
    assert.ok(!mapped.message.includes("hunter2") && !mapped.message.includes("ECONNREFUSED"));
  });
});
