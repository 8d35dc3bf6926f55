import assert from "node:assert/strict";
import fc from "fast-check";
import { truncated, USER_AGENT_MAX_CHARS } from "../../src/core/audit";
import { counterId, windowOf } from "../../src/core/rateLimit";
import { roleIsStale } from "../../src/core/roles";

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

describe("stale role tokens (issue 10, finding 9)", () => {
  const changedAt = Date.UTC(2026, 11, 2, 12, 0, 0, 500);
  const before = Math.floor(changedAt / 1000) - 60;
  it("a token minted before an admin role change, with the old role, is stale", () => {
    assert.equal(roleIsStale({ tokenRole: "vendor", issuedAtSeconds: before, profileRole: "customer", roleChangedAtMs: changedAt }), true);
  });
  it("a token that already carries the profile's role is not stale", () => {
    assert.equal(roleIsStale({ tokenRole: "customer", issuedAtSeconds: before, profileRole: "customer", roleChangedAtMs: changedAt }), false);
  });
  it("a token minted after the change is not stale, and no change stamp locks nobody out", () => {
    assert.equal(roleIsStale({ tokenRole: "vendor", issuedAtSeconds: changedAt / 1000 + 1, profileRole: "customer", roleChangedAtMs: changedAt }), false);
    assert.equal(roleIsStale({ tokenRole: "vendor", issuedAtSeconds: before, profileRole: "customer" }), false);
  });
});

describe("audit request facts are bounded (issue 10, finding 7)", () => {
  it("a 12 KB user agent is cut to 256 characters, a short one kept", () => {
    assert.equal(truncated("A".repeat(12 * 1024), USER_AGENT_MAX_CHARS)?.length, 256);
    assert.equal(truncated("curl/8", USER_AGENT_MAX_CHARS), "curl/8");
    assert.equal(truncated(undefined, USER_AGENT_MAX_CHARS), null);
  });
});
