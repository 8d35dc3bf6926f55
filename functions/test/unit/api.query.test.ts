// The listings query planner of the public API (SPEC section 5): validation of query
// values, supported and unsupported combinations, cursors, page cutting, and the index
// test: every supported query has its composite indexes in firestore.indexes.json.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { DomainError } from "../../src/core/errors";
import { listingFacetKeys, listingSearchTokens } from "../../src/listings/search";
import { parseOrThrow } from "../../src/api/http";
import { indexKey, indexesFor, pageOf, type CompositeIndex, type ScannedListing } from "../../src/api/pages";
import { EQUALITY_FILTERS, MAX_SCAN, STORED_FIELD, decodeCursor, encodeCursor, planListingsQuery, type ListingsPlan } from "../../src/api/query";
import { ListingsQuery, SORTS } from "../../src/api/schema";

const NOW = new Date("2026-05-01T00:00:00Z"); // next model year: 2027

function parse(raw: Record<string, string>) {
  return parseOrThrow(ListingsQuery, raw);
}

function plan(raw: Record<string, string>): ListingsPlan {
  return planListingsQuery(parse(raw), NOW);
}

/** Runs `fn` and returns the fields of the VALIDATION_FAILED it must throw. */
function fieldsOfFailure(fn: () => unknown): Record<string, string> {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(error.code, "VALIDATION_FAILED");
    return error.fields ?? {};
  }
  assert.fail("expected VALIDATION_FAILED");
}

describe("api listings query values", () => {
  const cases: [Record<string, string>, string][] = [
    [{ limit: "0" }, "limit"],
    [{ limit: "51" }, "limit"],
    [{ limit: "2.5" }, "limit"],
    [{ yearMin: "abc" }, "yearMin"],
    [{ yearMin: "1949" }, "yearMin"],
    [{ yearMax: "2028" }, "yearMax"],
    [{ priceMin: "-1" }, "priceMin"],
    [{ sort: "cheap" }, "sort"],
    [{ kind: "boat" }, "kind"],
    [{ governorate: "atlantis" }, "governorate"],
    [{ fuel: "coal" }, "fuel"],
    [{ colour: "red" }, "colour"],
    [{ q: "x".repeat(101) }, "q"],
  ];
  for (const [raw, field] of cases) {
    it(`refuses ${JSON.stringify(raw).slice(0, 40)} naming ${field}`, () => {
      const fields = fieldsOfFailure(() => parse(raw));
      assert.ok(fields[field], JSON.stringify(fields));
    });
  }

  it("a repeated parameter is refused", () => {
    const fields = fieldsOfFailure(() => parseOrThrow(ListingsQuery, { make: ["Kia", "BMW"] }));
    assert.ok(fields.make);
  });

  it("coerces numbers, defaults limit to 20 and accepts a governorate's English name", () => {
    const query = parse({ limit: "5", yearMin: "2015", governorate: "Kafr El Sheikh" });
    assert.equal(query.limit, 5);
    assert.equal(query.yearMin, 2015);
    assert.equal(query.governorate, "kafr_el_sheikh");
    assert.equal(parse({}).limit, 20);
  });
});

describe("api listings query planner", () => {
  it("always filters on status active and sorts newest first by default", () => {
    const p = plan({});
    assert.deepEqual(p.equalities, [["status", "active"]]);
    assert.equal(p.sort, "newest");
    assert.deepEqual(p.order, { field: "publishedAt", direction: "desc" });
    assert.equal(p.fetchSize, 21);
  });

  it("turns every equality filter into an equality, governorate as its slug, make and model as their normalised keys", () => {
    const p = plan({ kind: "car", make: "Toyota", model: "Land-Cruiser", governorate: "Cairo", condition: "used", transmission: "manual", fuel: "petrol" });
    assert.deepEqual(p.equalities, [
      ["status", "active"], ["kind", "car"], ["makeKey", "toyota"], ["modelKey", "land cruiser"], ["governorate", "cairo"],
      ["condition", "used"], ["transmission", "manual"], ["fuel", "petrol"],
    ]);
  });

  it("make and model match whatever the case and accents: each spelling looks up the key the trigger stores", () => {
    for (const [make, stored] of [["toyota", "Toyota"], ["TOYOTA", "Toyota"], [" Toyota ", "Toyota"], ["citroen", "Citroën"], ["CITROËN", "Citroen"], ["mercedes benz", "Mercedes-Benz"], ["هيونداي", "هيونداى"]]) {
      const key = listingFacetKeys({ kind: "car", make: stored, model: "X" }).makeKey;
      assert.ok(key, stored);
      assert.deepEqual(plan({ make }).equalities[1], ["makeKey", key], `${make} finds ${stored}`);
    }
    assert.notEqual(plan({ make: "Kia" }).equalities[1][1], plan({ make: "Kiaa" }).equalities[1][1]);
    assert.deepEqual(plan({ model: "COROLLA" }).equalities[1], ["modelKey", "corolla"]);
  });

  it("a make or model with no letter or digit is refused on its field", () => {
    assert.ok(fieldsOfFailure(() => plan({ make: "---" })).make);
    assert.ok(fieldsOfFailure(() => plan({ model: "..." })).model);
  });

  it("turns a year range into year in [..]", () => {
    assert.deepEqual(plan({ yearMin: "2018", yearMax: "2020" }).yearIn, [2018, 2019, 2020]);
    assert.equal(plan({ yearMin: "2000" }).yearIn?.length, 28); // 2000..2027
  });

  it("checks a year range wider than 30 years on the server, over an over-fetched batch", () => {
    const wide = plan({ yearMin: "1980", yearMax: "2020" });
    assert.equal(wide.yearIn, undefined);
    assert.deepEqual(wide.yearRange, { min: 1980, max: 2020 });
    assert.equal(wide.fetchSize, 100);
    assert.deepEqual(plan({ yearMax: "2010" }).yearRange, { min: 1950, max: 2010 });
  });

  it("refuses yearMin after yearMax and priceMin above priceMax", () => {
    assert.ok(fieldsOfFailure(() => plan({ yearMin: "2020", yearMax: "2010" })).yearMin);
    assert.ok(fieldsOfFailure(() => plan({ priceMin: "500", priceMax: "100" })).priceMin);
  });

  it("a price range orders by price, ascending unless price_desc is asked", () => {
    const p = plan({ priceMin: "100", priceMax: "500" });
    assert.equal(p.sort, "price_asc");
    assert.deepEqual(p.priceRange, { min: 100, max: 500 });
    assert.deepEqual(plan({ priceMax: "500", sort: "price_desc" }).order, { field: "price", direction: "desc" });
  });

  it("a price range with sort=newest is refused, saying which sorts work", () => {
    const fields = fieldsOfFailure(() => plan({ priceMin: "100", sort: "newest" }));
    assert.match(fields.sort, /price_asc or price_desc/);
  });

  it("q: the longest normalised word filters in Firestore, the others on the server", () => {
    const p = plan({ q: "سيارة أوبل" });
    assert.equal(p.arrayContains, "سياره");
    assert.deepEqual(p.postFilterTokens, ["اوبل"]);
    assert.equal(p.fetchSize, 100);
    assert.equal(plan({ q: "Toyota", limit: "50" }).fetchSize, 51);
    assert.equal(plan({ q: "Toyota corolla", limit: "50" }).fetchSize, MAX_SCAN);
  });

  it("q with a year range keeps q in the index and checks the years on the server", () => {
    const p = plan({ q: "toyota", yearMin: "2015", yearMax: "2020" });
    assert.equal(p.arrayContains, "toyota");
    assert.equal(p.yearIn, undefined);
    assert.deepEqual(p.yearRange, { min: 2015, max: 2020 });
  });

  it("q without a searchable word is refused", () => {
    assert.ok(fieldsOfFailure(() => plan({ q: "a !" })).q);
  });
});

describe("api cursors", () => {
  it("round-trip a position of the same sort", () => {
    const cursor = encodeCursor({ sort: "newest", value: [1700000000, 123456000], id: "abc" });
    assert.match(cursor, /^[A-Za-z0-9_-]+$/);
    assert.deepEqual(decodeCursor(cursor, "newest"), { sort: "newest", value: [1700000000, 123456000], id: "abc" });
    assert.deepEqual(plan({ cursor }).startAfter?.id, "abc");
  });

  it("a cursor of another sort is a 400 on cursor that names its sort", () => {
    const cursor = encodeCursor({ sort: "price_asc", value: 100, id: "abc" });
    const fields = fieldsOfFailure(() => plan({ cursor, sort: "price_desc" }));
    assert.match(fields.cursor, /sort=price_asc/);
  });

  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const forged: [string, string, "newest" | "price_asc"][] = [
    ["not base64url", "%%%", "price_asc"],
    ["not JSON", Buffer.from("hello").toString("base64url"), "price_asc"],
    ["an array", b64([1, 2]), "price_asc"],
    ["a price for newest", b64({ s: "newest", v: 5, id: "a" }), "newest"],
    ["a timestamp for price", b64({ s: "price_asc", v: [1, 2], id: "a" }), "price_asc"],
    ["a bad id", b64({ s: "price_asc", v: 5, id: "a/b" }), "price_asc"],
    ["an unknown sort", b64({ s: "cheap", v: 5, id: "a" }), "price_asc"],
    // Issue 10 finding 9: seconds Firestore's Timestamp refuses made `new Timestamp` throw (500).
    ["a timestamp past year 9999", b64({ s: "newest", v: [253402300800, 0], id: "a" }), "newest"],
    ["a timestamp before year 1", b64({ s: "newest", v: [-62135596801, 0], id: "a" }), "newest"],
    ["a timestamp of 2^53 seconds", b64({ s: "newest", v: [2 ** 53, 0], id: "a" }), "newest"],
    ["a reserved id", b64({ s: "price_asc", v: 5, id: "__x__" }), "price_asc"],
  ];

  it("the first and last second a Timestamp can hold are accepted", () => {
    for (const seconds of [-62135596800, 253402300799]) {
      assert.deepEqual(decodeCursor(b64({ s: "newest", v: [seconds, 999999999], id: "a" }), "newest").value, [seconds, 999999999]);
    }
  });
  for (const [what, cursor, sort] of forged) {
    it(`a cursor that is ${what} is a 400 on cursor`, () => {
      assert.ok(fieldsOfFailure(() => decodeCursor(cursor, sort)).cursor);
    });
  }
});

describe("api pages", () => {
  const doc = (id: string, price: number, words = "toyota"): ScannedListing => ({
    id,
    data: { price, searchTokens: listingSearchTokens({ title: words }) },
  });

  it("with one more document than the limit, the cursor points at the last item", () => {
    const p = plan({ limit: "2", sort: "price_asc" });
    const page = pageOf([doc("a", 1), doc("b", 2), doc("c", 3)], p);
    assert.deepEqual(page.items.map((d) => d.id), ["a", "b"]);
    assert.deepEqual(decodeCursor(page.nextCursor ?? "", "price_asc"), { sort: "price_asc", value: 2, id: "b" });
  });

  it("the last page has nextCursor null", () => {
    const p = plan({ limit: "2", sort: "price_asc" });
    assert.equal(pageOf([doc("a", 1), doc("b", 2)], p).nextCursor, null);
    assert.equal(pageOf([doc("a", 1)], p).nextCursor, null);
  });

  it("a server-checked year range skips listings outside it, and listings without a year", () => {
    const p = plan({ yearMax: "2012", limit: "5", sort: "price_asc" });
    const withYear = (id: string, price: number, year?: number): ScannedListing => ({ id, data: { price, ...(year ? { year } : {}) } });
    const page = pageOf([withYear("old", 1, 2005), withYear("new", 2, 2019), withYear("part", 3), withYear("edge", 4, 2012)], p);
    assert.deepEqual(page.items.map((d) => d.id), ["old", "edge"]);
  });

  it("server-checked words skip non-matching documents", () => {
    const p = plan({ q: "toyota corolla", limit: "2", sort: "price_asc" });
    // Firestore already matched the longest word, "corolla"; "toyota" is checked here.
    const scanned = [doc("a", 1, "nissan corolla"), doc("b", 2, "toyota corolla"), doc("c", 3, "kia corolla")];
    const page = pageOf(scanned, p);
    assert.deepEqual(page.items.map((d) => d.id), ["b"]);
    assert.equal(page.nextCursor, null);
  });

  it("a full over-fetched batch gives a short page whose cursor moves past the batch", () => {
    const p = plan({ q: "toyota corolla", limit: "1", sort: "price_asc" }); // fetchSize 5
    const scanned = [1, 2, 3, 4, 5].map((n) => doc(`d${n}`, n, "nissan corolla"));
    const page = pageOf(scanned, p);
    assert.deepEqual(page.items, []);
    assert.equal(decodeCursor(page.nextCursor ?? "", "price_asc").id, "d5");
  });

  // Issue 10 finding 4: 2^63 - 1 on one active listing made sort=price_desc a 500 for everyone.
  it("a listing whose price is past 2^53 is skipped, and the page and its cursor still work", () => {
    const p = plan({ limit: "2", sort: "price_desc" });
    const page = pageOf([doc("huge", 2 ** 63 - 1), doc("a", 3), doc("b", 2), doc("c", 1)], p);
    assert.deepEqual(page.items.map((d) => d.id), ["a", "b"]);
    assert.equal(page.skipped, 1);
    assert.deepEqual(decodeCursor(page.nextCursor ?? "", "price_desc"), { sort: "price_desc", value: 2, id: "b" });
  });

  it("a listing with a mileage, stock or year past 2^53 is skipped under every sort", () => {
    const p = plan({ limit: "5", sort: "price_asc" });
    const odd = (id: string, field: string): ScannedListing => ({ id, data: { price: 5, [field]: 2 ** 60 } });
    const page = pageOf([doc("a", 1), odd("m", "mileageKm"), odd("s", "stock"), odd("y", "year"), doc("b", 9)], p);
    assert.deepEqual(page.items.map((d) => d.id), ["a", "b"]);
    assert.equal(page.skipped, 3);
  });

  it("a cursor of a timestamp keeps nanosecond precision", () => {
    const p = plan({ limit: "1" });
    const at = (id: string, nanos: number): ScannedListing => ({ id, data: { publishedAt: { seconds: 1700000000, nanoseconds: nanos } } });
    const page = pageOf([at("x", 123456789), at("y", 1)], p);
    assert.deepEqual(decodeCursor(page.nextCursor ?? "", "newest").value, [1700000000, 123456789]);
  });
});

// ---- the index test -------------------------------------------------------------------

const SAMPLE: Record<(typeof EQUALITY_FILTERS)[number], string> = {
  kind: "car", make: "Toyota", model: "Corolla", governorate: "giza", condition: "used", transmission: "automatic", fuel: "petrol",
};
type Raw = Record<string, string>;
const YEARS: Raw[] = [{}, { yearMin: "2015", yearMax: "2020" }, { yearMin: "2010" }, { yearMax: "2012" }];
const PRICES: Raw[] = [{}, { priceMin: "100000" }, { priceMax: "900000" }, { priceMin: "100000", priceMax: "900000" }];
const KEYWORDS: Raw[] = [{}, { q: "toyota" }, { q: "سيارة تويوتا كورولا" }];
const SORT_CHOICES: Record<string, string>[] = [{}, ...SORTS.map((sort) => ({ sort }))];
const CURSORS = [false, true];

function subsets<T>(items: readonly T[]): T[][] {
  return items.reduce<T[][]>((acc, item) => [...acc, ...acc.map((s) => [...s, item])], [[]]);
}

/** Every combination of filters and sorts a client can send, with a cursor or not. */
function everyQuery(): Record<string, string>[] {
  const queries: Record<string, string>[] = [];
  for (const fields of subsets(EQUALITY_FILTERS)) {
    const equalities = Object.fromEntries(fields.map((f) => [f, SAMPLE[f]]));
    for (const years of YEARS) for (const prices of PRICES) for (const q of KEYWORDS) for (const sort of SORT_CHOICES) {
      queries.push({ ...equalities, ...years, ...prices, ...q, ...sort });
    }
  }
  return queries;
}

function withCursor(raw: Record<string, string>): Record<string, string> {
  const sort = planListingsQuery(parse(raw), NOW).sort;
  const value = sort === "newest" ? [1700000000, 5] : 250000;
  return { ...raw, cursor: encodeCursor({ sort, value: value as [number, number] | number, id: "someListing" }) };
}

function declaredIndexes(): Map<string, CompositeIndex> {
  const file = path.resolve(__dirname, "../../../firestore.indexes.json");
  const { indexes } = JSON.parse(readFileSync(file, "utf8")) as { indexes: CompositeIndex[] };
  return new Map(indexes.map((index) => [indexKey(index), index]));
}

describe("api listings indexes", () => {
  const queries = everyQuery();
  const supported: ListingsPlan[] = [];
  const refused: { raw: Record<string, string>; fields: string[] }[] = [];
  before(() => {
    for (const raw of queries) {
      for (const withOrWithout of CURSORS) {
        try {
          supported.push(planListingsQuery(parse(withOrWithout ? withCursor(raw) : raw), NOW));
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          refused.push({ raw, fields: Object.keys(error.fields ?? {}) });
        }
      }
    }
  });

  it("every supported combination of filters and sorts has its indexes in firestore.indexes.json", () => {
    const declared = declaredIndexes();
    const missing = new Map<string, CompositeIndex>();
    for (const p of supported) for (const index of indexesFor(p)) if (!declared.has(indexKey(index))) missing.set(indexKey(index), index);
    assert.equal(
      missing.size,
      0,
      `firestore.indexes.json lacks ${missing.size} index(es); add:\n${JSON.stringify([...missing.values()], null, 2)}`,
    );
  });

  it("every declared listings index of the planner's fields is used by some supported query", () => {
    const used = new Set(supported.flatMap((p) => indexesFor(p).map(indexKey)));
    const sortFields = new Set(["publishedAt", "price"]);
    const filteredFields = new Set<string>(["status", ...EQUALITY_FILTERS.map((f) => STORED_FIELD[f]), "year", "searchTokens"]);
    const planners = [...declaredIndexes().entries()].filter(
      ([, index]) =>
        index.collectionGroup === "listings" &&
        index.fields.length === 2 &&
        filteredFields.has(index.fields[0].fieldPath) &&
        sortFields.has(index.fields[1].fieldPath),
    );
    const unused = planners.filter(([key]) => !used.has(key)).map(([key]) => key);
    assert.deepEqual(unused, []);
    assert.equal(used.size, 30, "10 filtered fields (status, 7 equality filters, year, searchTokens) x 3 orders");
  });

  it("enumerates thousands of combinations and refuses exactly the unsupported ones", () => {
    assert.equal(supported.length + refused.length, queries.length * CURSORS.length);
    assert.ok(supported.length > 5000, `${supported.length} supported`);
    for (const { raw, fields } of refused) {
      const priceWithNewest = (raw.priceMin !== undefined || raw.priceMax !== undefined) && raw.sort === "newest";
      assert.ok(priceWithNewest, `refused unexpectedly: ${JSON.stringify(raw)} -> ${fields}`);
      assert.ok(fields.includes("sort"));
    }
  });

  it("each index of a plan pairs one filtered field with the sort order", () => {
    const p = plan({ make: "Kia", yearMin: "2015", yearMax: "2016", sort: "price_desc" });
    assert.deepEqual(indexesFor(p).map((i) => i.fields.map((f) => `${f.fieldPath} ${f.order ?? f.arrayConfig}`)), [
      ["status ASCENDING", "price DESCENDING"],
      ["makeKey ASCENDING", "price DESCENDING"],
      ["year ASCENDING", "price DESCENDING"],
    ]);
    assert.deepEqual(indexesFor(plan({ q: "kia" }))[1].fields[0], { fieldPath: "searchTokens", arrayConfig: "CONTAINS" });
  });
});
