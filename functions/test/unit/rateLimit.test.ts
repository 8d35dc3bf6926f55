import assert from "node:assert/strict";
import fc from "fast-check";
import { counterId, windowOf } from "../../src/core/rateLimit";

describe("rate limit windows", () => {
  it("every instant falls in exactly one window that contains it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 86400 }), fc.integer({ min: 0, max: 4e12 }), (windowSeconds, now) => {
        const { start, end } = windowOf({ limit: 1, windowSeconds }, now);
        assert.ok(start <= now && now < end);
        assert.equal(end - start, windowSeconds * 1000);
        assert.equal(start % (windowSeconds * 1000), 0);
      }),
    );
  });

  it("counter ids are valid document ids", () => {
    assert.equal(counterId("api:1.2.3.4/x", 60000), "api:1.2.3.4_x@60000");
  });
});
