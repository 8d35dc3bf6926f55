import assert from "node:assert/strict";
import { signedInRecently } from "../../src/core/roles";

describe("sudo mode: signedInRecently", () => {
  const now = Date.UTC(2026, 0, 1, 12, 0, 0);
  const minutesAgo = (m: number) => Math.floor((now - m * 60_000) / 1000);

  it("accepts a sign-in exactly 15 minutes old and refuses one 16 minutes old", () => {
    assert.equal(signedInRecently({ auth_time: minutesAgo(15) }, now, 15), true);
    assert.equal(signedInRecently({ auth_time: minutesAgo(16) }, now, 15), false);
  });

  it("refuses a token without a numeric auth_time", () => {
    assert.equal(signedInRecently({}, now, 15), false);
    assert.equal(signedInRecently({ auth_time: String(minutesAgo(1)) }, now, 15), false);
    assert.equal(signedInRecently({ auth_time: Number.NaN }, now, 15), false);
  });
});
