// The locale rule of core/notify.ts: English only when the profile asks for it.
import assert from "node:assert/strict";
import { inLocale } from "../../src/core/notify";

describe("notification locale", () => {
  const text = { ar: "تقريرك جاهز", en: "Your report is ready" };

  it("uses English for an English profile and Arabic otherwise", () => {
    assert.equal(inLocale(text, "en"), "Your report is ready");
    assert.equal(inLocale(text, "ar"), "تقريرك جاهز");
    assert.equal(inLocale(text, undefined), "تقريرك جاهز");
    assert.equal(inLocale(text, "fr"), "تقريرك جاهز");
  });
});
