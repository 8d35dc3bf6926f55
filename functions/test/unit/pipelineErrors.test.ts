import assert from "node:assert/strict";
import { HttpsError } from "firebase-functions/v2/https";
import { DomainError, errors, httpErrorOf, httpsErrorOf } from "../../src/core/errors";

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

describe("error mapping to HTTP (the public API and the payment webhook)", () => {
  it("a domain error keeps its code, message and fields, with the status of its callable code", () => {
    assert.deepEqual(httpErrorOf(errors.validation({ limit: "Too big" })), {
      status: 400,
      code: "VALIDATION_FAILED",
      message: "Some fields are invalid.",
      fields: { limit: "Too big" },
      expected: true,
    });
    assert.equal(httpErrorOf(errors.notFound("Order")).status, 404);
    assert.equal(httpErrorOf(errors.rateLimited(3)).status, 429);
    assert.equal(httpErrorOf(errors.precondition("AMOUNT_MISMATCH", "no")).status, 400);
    assert.equal(httpErrorOf(errors.unauthenticated()).status, 401);
  });

  it("contention (BUSY) is 503, so an HTTP caller retries instead of giving up", () => {
    assert.equal(httpErrorOf(errors.busy()).status, 503);
  });

  it("anything else is a 500 INTERNAL that shows nothing of the error", () => {
    const reply = httpErrorOf(new Error("connect ECONNREFUSED password=hunter2"));
    assert.equal(reply.status, 500);
    assert.equal(reply.code, "INTERNAL");
    assert.equal(reply.expected, false);
    assert.ok(!reply.message.includes("hunter2"));
  });
});
