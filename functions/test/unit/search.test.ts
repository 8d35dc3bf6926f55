import assert from "node:assert/strict";
import fc from "fast-check";
import { sameData } from "../../src/shared/equal";
import { facetKeyOf, listingFacetKeys, listingSearchTokens, normalizeText, queryTokensOf, searchTokensOf } from "../../src/listings/search";

function finds(listingTitle: string, q: string): boolean {
  const tokens = new Set(searchTokensOf([listingTitle]));
  const wanted = queryTokensOf(q);
  return wanted.length > 0 && wanted.every((t) => tokens.has(t));
}

describe("search tokens", () => {
  // Issue 10 finding 9: a number among compatibleMakes crashed the listing trigger.
  it("stored data of the wrong type is skipped instead of crashing the listing trigger", () => {
    const tokens = listingSearchTokens({ title: "Brake pads", partNumber: 42, compatibleMakes: ["Toyota", 7, null, { a: 1 }, ["Kia"]] as unknown[] });
    assert.ok(tokens.includes("brake") && tokens.includes("toyota"));
    assert.deepEqual(listingSearchTokens({ title: ["x"], compatibleMakes: "Toyota" }), []);
  });

  it("English is found by its words in any case", () => {
    assert.ok(finds("Toyota Corolla 2018", "toyota corolla"));
    assert.ok(finds("Toyota Corolla 2018", "COROLLA"));
    assert.ok(finds("Toyota Corolla 2018", "corolla 2018"));
    assert.ok(!finds("Toyota Corolla 2018", "camry"));
  });

  it("Arabic is found by its words", () => {
    assert.ok(finds("تويوتا كورولا ٢٠١٨", "تويوتا كورولا"));
    assert.ok(finds("تويوتا كورولا ٢٠١٨", "كورولا 2018"), "Arabic-Indic digits match Western digits");
    assert.ok(!finds("تويوتا كورولا", "هيونداي"));
  });

  it("alef forms, taa marbuta, alef maqsura and diacritics match each other", () => {
    assert.ok(finds("سيارة أوبل أسترا", "سياره اوبل استرا"));
    assert.ok(finds("سياره اوبل استرا", "سيارة أوبل إسترا"));
    assert.ok(finds("مرسيدس إى كلاس", "مرسيدس اي"));
    assert.ok(finds("فِلْتَر زَيْت", "فلتر زيت"));
    assert.ok(finds("فلتر زيت", "فِلْتَر"));
    assert.ok(finds("آلة", "اله"));
  });

  it("the Arabic article is optional", () => {
    assert.ok(finds("الفلتر الأصلي", "فلتر"));
    assert.ok(finds("فلتر اصلي", "فلتر"));
  });

  it("prefixes find a word being typed", () => {
    assert.ok(finds("Hyundai Elantra", "hyun"));
    assert.ok(finds("هيونداي النترا", "هيون"));
  });

  it("Latin accents and punctuation are ignored", () => {
    assert.equal(normalizeText("Citroën"), "citroen");
    assert.ok(finds("Brake-pads (Bosch)", "brake pads bosch"));
  });

  it("a listing is searchable by make, model, part number and compatible makes", () => {
    const tokens = listingSearchTokens({ title: "طقم تيل فرامل", partNumber: "04465-02220", compatibleMakes: ["Toyota", "Lexus"] });
    for (const word of ["toyota", "lexus", "04465", "02220", "تيل", "فرامل"]) assert.ok(tokens.includes(word), word);
  });

  it("tokens are bounded and a listing always finds itself by its own title", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 120 }), (title) => {
        const tokens = searchTokensOf([title]);
        assert.ok(tokens.length <= 200);
        for (const t of tokens) assert.equal(normalizeText(t), t, "tokens are already normalised");
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom("تويوتا", "كورولا", "أوبل", "Toyota", "Corolla", "فلتر", "زيت", "2018"), { minLength: 1, maxLength: 5 }), (words) => {
        const title = words.join(" ");
        assert.ok(finds(title, title));
      }),
      { numRuns: 500 },
    );
  });
});

describe("make and model keys", () => {
  it("a car's make and model are stored folded: case, accents, punctuation and spacing do not matter", () => {
    assert.deepEqual(listingFacetKeys({ kind: "car", make: "Citroën", model: "C-Elysée  " }), { makeKey: "citroen", modelKey: "c elysee" });
    assert.equal(facetKeyOf("TOYOTA"), facetKeyOf("toyota"));
    assert.equal(facetKeyOf("تويوتا"), "تويوتا");
  });

  it("a part, a missing make and a make with no word get no key", () => {
    assert.deepEqual(listingFacetKeys({ kind: "part", make: "Toyota" }), {});
    assert.deepEqual(listingFacetKeys({ kind: "car", make: 42, model: "--" }), {});
    assert.equal(facetKeyOf(undefined), undefined);
  });

  it("any spelling's key is the key of its own key (folding is idempotent)", () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (text) => {
      const key = facetKeyOf(text);
      return key === undefined || facetKeyOf(key) === key;
    }));
  });
});

describe("structural equality of Firestore data", () => {
  it("ignores map key order but not values or array order", () => {
    assert.ok(sameData({ a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 }));
    assert.ok(!sameData({ a: 1 }, { a: 2 }));
    assert.ok(!sameData([1, 2], [2, 1]));
    assert.ok(!sameData({ a: 1 }, { a: 1, b: null }));
  });
});
