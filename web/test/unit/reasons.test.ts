// Every error reason the client can surface (its generated union: the server's codes read
// from functions/src, plus the client's own) has Arabic and English text in the console,
// and the table names no reason that no longer exists. No browser, no emulator.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { writeReasons } from "../../../client/scripts/gen-reasons.mjs";
import { AUTH_TEXT, REASON_TEXT } from "../../src/reasons";

const ARABIC = /[\u0600-\u06FF]/;

describe("console error texts", () => {
  // Regenerated from functions/src now, so a reason added on the server is seen without a build.
  const reasons: string[] = writeReasons();
  const translated = Object.keys(REASON_TEXT);

  it("translate every reason of the client's generated union, and no other", () => {
    assert.ok(reasons.length >= 50, `only ${reasons.length} reasons generated`);
    assert.deepEqual(
      { untranslated: reasons.filter((r) => !translated.includes(r)), notAReason: translated.filter((r) => !reasons.includes(r)) },
      { untranslated: [], notAReason: [] },
    );
  });

  it("give each reason an Arabic and an English text that differ", () => {
    for (const [reason, [ar, en]] of Object.entries({ ...REASON_TEXT, ...AUTH_TEXT }) as [string, readonly [string, string]][]) {
      assert.match(ar, ARABIC, `${reason}: Arabic text has no Arabic letter`);
      assert.doesNotMatch(en, ARABIC, `${reason}: English text has Arabic in it`);
      assert.ok(en.trim().length > 3 && ar !== en, reason);
    }
  });

  it("word a wrong password as such, not as a request to sign in", () => {
    assert.equal(AUTH_TEXT.wrongCredentials[1], "Wrong e-mail or password");
    assert.notEqual(AUTH_TEXT.wrongCredentials[0], REASON_TEXT.AUTH_REQUIRED?.[0]);
  });
});
