// The public `api` through the Functions emulator over plain fetch (SPEC section 5):
// filters, sorts, keyword search, cursor pagination, caching, errors, CORS, security
// headers and the per-IP rate limit. Listings are seeded with the Admin SDK in their
// stored shape under a make and a keyword unique to this run, and every listings query
// is scoped by one of them, so listings of other test files never disturb the asserts.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { Timestamp } from "firebase-admin/firestore";
import { PublicListing } from "../../src/listings/schema";
import { listingFacetKeys, listingSearchTokens } from "../../src/listings/search";
import { PublicVendor } from "../../src/api/schema";
import { FUNCTIONS_HOST, PROJECT_ID, REGION, admin, eventually } from "../support/emulators";
import { piiCipher } from "../../src/core/keys";
import { inOneWindow, MINUTE_WINDOW_MS, WINDOW_ATTEMPTS } from "../support/windows";
import { aNewVendorDoc } from "../support/catalogue";

const RUN = randomBytes(4).toString("hex");
const MAKE = `TestMake-${RUN}`;
/** A word in every seeded title: scopes the part listings, which have no make. */
const WORD = `tk${RUN}`;
const BASE = `http://${FUNCTIONS_HOST}/${PROJECT_ID}/${REGION}/api`;
const ALLOWED_ORIGIN = "http://localhost:5173";
const VENDOR_OK = `apiv-${RUN}-ok`;
const VENDOR_PENDING = `apiv-${RUN}-pending`;
const T0 = Date.UTC(2026, 0, 1);

/** The address Google's front end appends for Hosting's proxy: the same for every visitor. */
const HOSTING_PROXY = "35.191.0.9";
let ipCounter = 0;
/** A fresh client address per request, so tests never share a rate-limit bucket (IPv6 counts per /64). */
function freshIp(): string {
  ipCounter += 1;
  return `2001:db8:${RUN.slice(0, 4)}:${ipCounter.toString(16)}::${RUN.slice(4)}`;
}

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown> & {
    items?: PublicListing[];
    nextCursor?: string | null;
    error?: { code: string; message: string; requestId: string; fields?: Record<string, string> };
  };
  ms: number;
}

async function call(path: string, init: { method?: string; headers?: Record<string, string>; ip?: string } = {}): Promise<Answer> {
  const started = performance.now();
  const response = await fetch(`${BASE}${path}`, {
    method: init.method ?? "GET",
    // As behind Hosting (TRUSTED_PROXY_HOPS=1): what the client claimed, the client, Hosting's proxy.
    headers: { "X-Forwarded-For": `203.0.113.9, ${init.ip ?? freshIp()}, ${HOSTING_PROXY}`, ...init.headers },
  });
  const text = await response.text();
  const ms = performance.now() - started;
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : {}, ms };
}

const listings = (query: Record<string, string | number>) => call(`/v1/listings?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]))}`);

function ids(answer: Answer): string[] {
  assert.equal(answer.status, 200, JSON.stringify(answer.body));
  return (answer.body.items ?? []).map((item) => item.id.replace(`api-${RUN}-`, ""));
}

function assertValidation(answer: Answer, ...fields: string[]): void {
  assert.equal(answer.status, 400, JSON.stringify(answer.body));
  assert.equal(answer.body.error?.code, "VALIDATION_FAILED");
  for (const field of fields) assert.ok(answer.body.error?.fields?.[field], `field ${field} in ${JSON.stringify(answer.body.error)}`);
}

// ---- seed -----------------------------------------------------------------------------

interface Seed {
  key: string;
  data: Record<string, unknown>;
}

// As the vendor fan-out writes it (same keys, same order), so it finds nothing to change.
const vendorSummary = { displayName: "معرض النور Al Nour Motors", type: "dealer", rating: { avg: 4.5, count: 12 } };

/** One builder for listings in their stored shape; tests state only what matters to them. */
function aListingDoc(key: string, minutes: number, fields: Record<string, unknown>): Seed {
  const base: Record<string, unknown> = {
    vendorId: VENDOR_OK,
    kind: "car",
    description: "Well kept, full service history.",
    currency: "EGP",
    condition: "used",
    governorate: "cairo",
    city: "Nasr City",
    images: [`listings/api-${RUN}-${key}/1.jpg`],
    status: "active",
    make: MAKE,
    mileageKm: 85000,
    transmission: "automatic",
    fuel: "petrol",
    bodyType: "sedan",
    color: "silver",
    vendor: vendorSummary,
    favoriteCount: 0,
    publishedAt: new Timestamp(Math.floor((T0 + minutes * 60000) / 1000), 123456789),
    createdAt: Timestamp.fromMillis(T0),
    updatedAt: Timestamp.fromMillis(T0),
    ...fields,
  };
  const title = `${String(fields.title)} ${WORD}`;
  return { key, data: { ...base, title, searchTokens: listingSearchTokens({ ...base, title } as never), ...listingFacetKeys({ ...base } as never) } };
}

const CARS: Seed[] = [
  aListingDoc("c1", 1, { title: "تويوتا كورولا", model: "Corolla", year: 2015, price: 100_000_000 }),
  aListingDoc("c2", 2, { title: "سيارة أوبل أسترا", model: "Astra", year: 2018, price: 80_000_000, governorate: "giza", transmission: "manual" }),
  aListingDoc("c3", 3, { title: "Toyota Corolla 2020", model: "Corolla", year: 2020, price: 150_000_000, governorate: "alexandria", condition: "new", fuel: "hybrid" }),
  aListingDoc("c4", 4, { title: "Hyundai Elantra", model: "Elantra", year: 2012, price: 60_000_000, transmission: "manual", fuel: "natural_gas" }),
  aListingDoc("c5", 5, { title: "Kia Sportage", model: "Sportage", year: 2022, price: 200_000_000, condition: "new", fuel: "diesel" }),
  aListingDoc("c6", 6, { title: "Nissan Sunny", model: "Sunny", year: 2010, price: 45_000_000, governorate: "giza", transmission: "manual" }),
  aListingDoc("c7", 7, { title: "BMW i3", model: "i3", year: 2021, price: 250_000_000, fuel: "electric" }),
];

const partFields = (fields: Record<string, unknown>) => ({
  kind: "part", make: undefined, model: undefined, year: undefined, mileageKm: undefined, transmission: undefined,
  fuel: undefined, bodyType: undefined, color: undefined, compatibleMakes: ["Toyota"], stock: 4, ...fields,
});

const OTHERS: Seed[] = [
  aListingDoc("p1", 8, partFields({ title: "فلتر زيت Oil filter", partNumber: "90915-YZZE1", price: 35_000 })),
  aListingDoc("p2", 9, partFields({ title: "Brake pads تيل فرامل", partNumber: "04465-02220", price: 120_000, condition: "new" })),
  aListingDoc("draft", 10, { title: "Draft Toyota", model: "Corolla", year: 2019, price: 90_000_000, status: "draft", publishedAt: null }),
  aListingDoc("pending", 11, { title: "Pending vendor car", model: "Corolla", year: 2019, price: 95_000_000, vendorId: VENDOR_PENDING, status: "pending_review", publishedAt: null }),
];

function withoutUndefined(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).filter(([, v]) => v !== undefined));
}

/** The API's vendor: the shared builder with a bilingual name and the counts this file's listings give. */
function anApiVendorDoc(status: string) {
  return aNewVendorDoc({
    displayName: "معرض النور Al Nour Motors",
    description: "Cars since 1998.",
    logoPath: null,
    status,
    rating: { avg: 4.5, count: 12 },
    // What the activeListings recount will find, so the trigger has nothing to change.
    stats: { activeListings: status === "approved" ? 9 : 0, completedOrders: 3 },
    createdAt: Timestamp.fromMillis(T0),
  });
}

// ---- tests ----------------------------------------------------------------------------

describe("public api", () => {
  before(async function () {
    this.timeout(60000);
    const { db } = admin();
    const batch = db.batch();
    batch.set(db.doc(`vendors/${VENDOR_OK}`), anApiVendorDoc("approved"));
    batch.set(db.doc(`vendors/${VENDOR_PENDING}`), anApiVendorDoc("pending"));
    // A real ciphertext under the demo key, as vendors-apply stores it (key rotation reads every one).
    batch.set(db.doc(`vendors/${VENDOR_OK}/private/kyc`), { nationalId: piiCipher().encrypt("29001011234567") });
    for (const { key, data } of [...CARS, ...OTHERS]) batch.set(db.doc(`listings/api-${RUN}-${key}`), withoutUndefined(data));
    await batch.commit();
  });

  describe("GET /v1/listings filters and sorts", () => {
    it("returns only active listings of the filter, newest first by default, in the public shape", async () => {
      const answer = await listings({ make: MAKE });
      assert.deepEqual(ids(answer), ["c7", "c6", "c5", "c4", "c3", "c2", "c1"]);
      assert.equal(answer.body.nextCursor, null);
      for (const item of answer.body.items ?? []) {
        PublicListing.parse(item);
        assert.equal((item as Record<string, unknown>).searchTokens, undefined);
        assert.match(String(item.publishedAt), /^2026-01-01T00:0\d:00\.123Z$/);
      }
    });

    it("sorts by price ascending and descending", async () => {
      assert.deepEqual(ids(await listings({ make: MAKE, sort: "price_asc" })), ["c6", "c4", "c2", "c1", "c3", "c5", "c7"]);
      assert.deepEqual(ids(await listings({ make: MAKE, sort: "price_desc" })), ["c7", "c5", "c3", "c1", "c2", "c4", "c6"]);
    });

    const cases: [string, Record<string, string | number>, string[]][] = [
      ["kind", { q: WORD, kind: "part" }, ["p2", "p1"]],
      ["model", { make: MAKE, model: "Corolla" }, ["c3", "c1"]],
      ["governorate by English name", { make: MAKE, governorate: "Giza" }, ["c6", "c2"]],
      ["condition", { make: MAKE, condition: "new" }, ["c5", "c3"]],
      ["transmission", { make: MAKE, transmission: "manual" }, ["c6", "c4", "c2"]],
      ["fuel", { make: MAKE, fuel: "petrol" }, ["c6", "c2", "c1"]],
      ["year range", { make: MAKE, yearMin: 2015, yearMax: 2020 }, ["c3", "c2", "c1"]],
      ["yearMin alone", { make: MAKE, yearMin: 2020 }, ["c7", "c5", "c3"]],
      ["price range (ordered by price)", { make: MAKE, priceMin: 60_000_000, priceMax: 150_000_000 }, ["c4", "c2", "c1", "c3"]],
      ["priceMax with price_desc", { make: MAKE, priceMax: 100_000_000, sort: "price_desc" }, ["c1", "c2", "c4", "c6"]],
      ["several filters at once", { make: MAKE, governorate: "cairo", condition: "used", transmission: "automatic", sort: "price_asc" }, ["c1", "c7"]],
      ["kind car with year and price sort", { make: MAKE, kind: "car", yearMin: 2010, yearMax: 2015, sort: "price_desc" }, ["c1", "c4", "c6"]],
      ["yearMax alone (checked on the server)", { make: MAKE, yearMax: 2012 }, ["c6", "c4"]],
      ["a year range over 30 years (checked on the server)", { make: MAKE, yearMin: 1960, yearMax: 2016 }, ["c6", "c4", "c1"]],
      ["q with a year range (years checked on the server)", { make: MAKE, q: "corolla", yearMin: 2016, yearMax: 2020 }, ["c3"]],
    ];
    for (const [what, query, expected] of cases) {
      it(`filters by ${what}`, async () => {
        assert.deepEqual(ids(await listings(query)), expected);
      });
    }
  });

  describe("keyword search", () => {
    const searches: [string, string, string[]][] = [
      ["an Arabic title word", "تويوتا", ["c1"]],
      ["an Arabic phrase in normalised variants (taa marbuta, hamza on alef)", "سياره اوبل", ["c2"]],
      ["the Arabic phrase as written", "سيارة أوبل", ["c2"]],
      ["English words in any case", "TOYOTA corolla", ["c3"]],
      ["a model across languages", "corolla", ["c3", "c1"]],
      ["a word prefix", "sport", ["c5"]],
    ];
    for (const [what, q, expected] of searches) {
      it(`finds ${what}`, async () => {
        assert.deepEqual(ids(await listings({ make: MAKE, q })), expected);
      });
    }

    it("finds parts by an Arabic word and by part number, with the kind filter", async () => {
      assert.deepEqual(ids(await listings({ q: `${WORD} فرامل` })), ["p2"]);
      assert.deepEqual(ids(await listings({ q: `${WORD} 90915`, kind: "part" })), ["p1"]);
    });

    it("a word no listing has finds nothing", async () => {
      assert.deepEqual(ids(await listings({ make: MAKE, q: "lamborghini" })), []);
    });
  });

  // Issue 11 item 10: make and model match whatever the case and accents. These listings are
  // written as a vendor's client writes them (no searchTokens, no makeKey): the listing
  // trigger stores the normalised keys, and the API finds them under any spelling.
  describe("make and model whatever the case and accents", () => {
    const FACET_WORD = `fw${RUN}`;
    const written = [
      { key: "f1", make: "Toyota", model: "Corolla", minutes: 1 },
      { key: "f2", make: "Citroën", model: "C-Elysée", minutes: 2 },
      { key: "f3", make: "TOYOTA", model: "Land Cruiser", minutes: 3 },
    ];
    const facetIds = (answer: Answer) => ids(answer).map((id) => id.replace("facet-", ""));
    before(async function () {
      this.timeout(60000);
      const { db } = admin();
      for (const { key, make, model, minutes } of written) {
        const { data } = aListingDoc(key, minutes, { make, model, year: 2019, price: 90_000_000, vendorId: `apiv-${RUN}-facets` });
        const asTheVendorWrote = Object.fromEntries(Object.entries(data).filter(([field]) => !["searchTokens", "makeKey", "modelKey"].includes(field)));
        await db.doc(`listings/api-${RUN}-facet-${key}`).set(withoutUndefined({ ...asTheVendorWrote, title: `${make} ${model} ${FACET_WORD}` }));
      }
      await eventually("the trigger stored every makeKey", async () => {
        const snapshots = await Promise.all(written.map(({ key }) => db.doc(`listings/api-${RUN}-facet-${key}`).get()));
        return snapshots.every((snapshot) => snapshot.get("makeKey") && snapshot.get("searchTokens")) ? true : undefined;
      }, 45000);
    });

    for (const make of ["toyota", "TOYOTA", "Toyota", " toyota "]) {
      it(`make=${JSON.stringify(make)} finds the Toyota listings, however they spelled it`, async () => {
        assert.deepEqual(facetIds(await listings({ make, q: FACET_WORD })), ["f3", "f1"]);
      });
    }

    for (const make of ["citroen", "CITROËN", "Citroën"]) {
      it(`make=${make} finds the Citroën`, async () => {
        assert.deepEqual(facetIds(await listings({ make, q: FACET_WORD })), ["f2"]);
      });
    }

    it("model matches the same way: land-cruiser, c elysee", async () => {
      assert.deepEqual(facetIds(await listings({ make: "toyota", model: "land-cruiser", q: FACET_WORD })), ["f3"]);
      assert.deepEqual(facetIds(await listings({ model: "C ELYSEE", q: FACET_WORD })), ["f2"]);
    });

    it("another make finds none of them, and a make with no letter is a 400 on make", async () => {
      assert.deepEqual(facetIds(await listings({ make: "toyot", q: FACET_WORD })), []);
      assertValidation(await listings({ make: "--" }), "make");
    });

    it("the normalised keys stay server-side: the public listing has make as the vendor wrote it", async () => {
      const answer = await listings({ make: "citroen", q: FACET_WORD });
      const item = (answer.body.items ?? [])[0] as Record<string, unknown> | undefined;
      assert.equal(item?.make, "Citroën");
      assert.equal(item?.makeKey, undefined);
    });
  });

  describe("cursor pagination", () => {
    async function everyPage(query: Record<string, string | number>): Promise<string[][]> {
      const pages: string[][] = [];
      let cursor: string | null | undefined;
      do {
        const answer = await listings({ ...query, ...(cursor ? { cursor } : {}) });
        pages.push(ids(answer));
        cursor = answer.body.nextCursor;
        assert.ok(pages.length <= 10, "pagination ends");
      } while (cursor);
      return pages;
    }

    for (const sort of ["newest", "price_asc", "price_desc"]) {
      it(`limit 2 over 7 listings (${sort}): no duplicates, no gaps, nextCursor null at the end`, async () => {
        const all = ids(await listings({ make: MAKE, sort }));
        const pages = await everyPage({ make: MAKE, sort, limit: 2 });
        assert.deepEqual(pages.map((p) => p.length), [2, 2, 2, 1]);
        assert.deepEqual(pages.flat(), all);
      });
    }

    it("a keyword query with server-checked words pages to the same result", async () => {
      const pages = await everyPage({ q: `${WORD} toyota`, limit: 1 });
      // "toyota" is checked on the server: in the parts' compatible makes and in c3's title.
      assert.deepEqual(pages.flat(), ["p2", "p1", "c3"], JSON.stringify(pages));
    });

    it("an exact multiple of the limit ends with nextCursor null, not an empty page", async () => {
      const pages = await everyPage({ make: MAKE, condition: "new", limit: 2 });
      assert.deepEqual(pages, [["c5", "c3"]]);
    });

    it("a cursor used with another sort, or garbage, is a 400 on cursor", async () => {
      const first = await listings({ make: MAKE, sort: "price_asc", limit: 2 });
      assertValidation(await listings({ make: MAKE, sort: "price_desc", cursor: String(first.body.nextCursor) }), "cursor");
      assertValidation(await listings({ make: MAKE, cursor: "bm90LWEtY3Vyc29y" }), "cursor");
    });
  });

  describe("validation", () => {
    const bad: [string, Record<string, string | number>, string[]][] = [
      ["limit=0", { limit: 0 }, ["limit"]],
      ["limit=51", { limit: 51 }, ["limit"]],
      ["yearMin=abc", { yearMin: "abc" }, ["yearMin"]],
      ["sort=cheap", { sort: "cheap" }, ["sort"]],
      ["an unknown parameter", { make: MAKE, colour: "red" }, ["colour"]],
      ["an unknown governorate", { governorate: "atlantis" }, ["governorate"]],
      ["a price range with sort=newest", { priceMin: 100, sort: "newest" }, ["sort"]],
      ["yearMin after yearMax", { yearMin: 2020, yearMax: 2010 }, ["yearMin"]],
    ];
    for (const [what, query, fields] of bad) {
      it(`${what} is a 400 naming ${fields.join(", ")}`, async () => {
        const answer = await listings(query);
        assertValidation(answer, ...fields);
        assert.equal(answer.body.error?.requestId, answer.headers.get("x-request-id"));
        assert.equal(answer.headers.get("cache-control"), "no-store");
      });
    }

    it("the unsupported-combination message says what is supported", async () => {
      const answer = await listings({ priceMax: 100, sort: "newest" });
      assert.match(answer.body.error?.fields?.sort ?? "", /price_asc or price_desc/);
    });
  });

  describe("single documents", () => {
    it("an active listing is served; a draft and a pending vendor's listing are 404", async () => {
      const ok = await call(`/v1/listings/api-${RUN}-c2`);
      assert.equal(ok.status, 200);
      PublicListing.parse(ok.body);
      assert.equal(ok.body.title, `سيارة أوبل أسترا ${WORD}`);
      for (const key of ["draft", "pending", "nope"]) {
        const answer = await call(`/v1/listings/api-${RUN}-${key}`);
        assert.equal(answer.status, 404, key);
        assert.equal(answer.body.error?.code, "NOT_FOUND");
      }
    });

    it("an approved vendor is served without private data; an unapproved one is 404", async () => {
      const ok = await call(`/v1/vendors/${VENDOR_OK}`);
      assert.equal(ok.status, 200, JSON.stringify(ok.body));
      const vendor = PublicVendor.parse(ok.body);
      assert.equal(vendor.id, VENDOR_OK);
      assert.equal(vendor.createdAt, "2026-01-01T00:00:00.000Z");
      assert.deepEqual(Object.keys(ok.body).sort(), Object.keys(PublicVendor.shape).sort());
      assert.ok(!JSON.stringify(ok.body).includes("pii1"));
      assert.equal((await call(`/v1/vendors/${VENDOR_PENDING}`)).status, 404);
      assert.equal((await call(`/v1/vendors/no-such-vendor-${RUN}`)).status, 404);
    });

    it("a malformed id is a 400 on id", async () => {
      assertValidation(await call(`/v1/listings/${"x".repeat(200)}`), "id");
    });

    // Issue 10 finding 3: Firestore-reserved ids reached Firestore and answered 500.
    it("GET /v1/listings/__proto__ and other reserved ids are 404, not 500", async () => {
      for (const path of ["/v1/listings/__proto__", "/v1/listings/__name__", "/v1/vendors/__proto__", "/v1/listings/constructor"]) {
        const answer = await call(path);
        assert.equal(answer.status, 404, `${path}: ${JSON.stringify(answer.body)}`);
        assert.equal(answer.body.error?.code, "NOT_FOUND");
      }
    });
  });

  // Issue 10 findings 4 and 9: one listing or one forged query broke the page for everybody.
  describe("hostile data and hostile queries", () => {
    const HUGE = `api-${RUN}-huge`;
    before(async () => {
      // As a vendor could once write it, or the Admin SDK still can: rules no longer accept it.
      await admin().db.doc(`listings/${HUGE}`).set(withoutUndefined(aListingDoc("huge", 12, { title: "Huge price", model: "Corolla", year: 2019, price: 9223372036854775807n as unknown as number }).data));
    });
    after(async () => {
      await admin().db.doc(`listings/${HUGE}`).delete();
    });

    it("a listing priced 2^63 - 1 is skipped: sort=price_desc still answers 200 with the others", async () => {
      const answer = await listings({ make: MAKE, sort: "price_desc", limit: 50 });
      assert.equal(answer.status, 200, JSON.stringify(answer.body));
      assert.ok(!ids(answer).includes("huge"), "the unusable listing is not shown");
      assert.ok(ids(answer).includes("c7"), "the others are");
      assert.equal((await call(`/v1/listings/${HUGE}`)).status, 404, "nor is it served alone");
    });

    it("a forged cursor with out-of-range timestamp seconds is a 400 on cursor, not a 500", async () => {
      const cursor = Buffer.from(JSON.stringify({ s: "newest", v: [253402300800, 0], id: "a" })).toString("base64url");
      assertValidation(await listings({ make: MAKE, cursor }), "cursor");
    });

    it("?__proto__= and ?constructor= are unknown parameters (400), the query keeps its prototype", async () => {
      for (const query of ["__proto__=x&__proto__=y", "constructor=x", "__proto__=x&kind=car"]) {
        const answer = await call(`/v1/listings?${query}`);
        assert.equal(answer.status, 400, `${query}: ${JSON.stringify(answer.body)}`);
        assert.equal(answer.body.error?.code, "VALIDATION_FAILED");
      }
    });
  });

  describe("HTTP behaviour", () => {
    it("answers 304 to a matching If-None-Match, with caching headers", async () => {
      let notModified: Answer | undefined;
      // A trigger may still touch a seeded document between two reads: retry with the new tag.
      for (let attempt = 0; attempt < 3 && notModified?.status !== 304; attempt += 1) {
        const first = await listings({ make: MAKE, limit: 3 });
        assert.equal(first.headers.get("cache-control"), "public, max-age=60, s-maxage=300, stale-while-revalidate=600");
        const etag = first.headers.get("etag") ?? "";
        assert.match(etag, /^"[A-Za-z0-9_-]{43}"$/);
        notModified = await call(`/v1/listings?make=${MAKE}&limit=3`, { headers: { "If-None-Match": etag } });
      }
      assert.equal(notModified?.status, 304);
      assert.deepEqual(notModified?.body, {});
    });

    it("health and the OpenAPI document are served", async () => {
      const health = await call("/v1/health");
      assert.equal(health.status, 200);
      assert.equal(health.body.status, "ok");
      assert.equal(typeof health.body.version, "string");
      assert.equal(health.headers.get("cache-control"), "no-store");
      const deep = await call("/v1/health?deep=1");
      assert.equal(deep.status, 200, JSON.stringify(deep.body));
      assert.deepEqual(deep.body.checks, { firestore: "ok" });
      const openapi = await call("/v1/openapi.json");
      assert.equal(openapi.status, 200);
      assert.equal(openapi.body.openapi, "3.1.0");
      assert.ok((openapi.body.paths as Record<string, unknown>)["/v1/listings"]);
    });

    it("every response carries the security headers and a request id", async () => {
      for (const answer of [await call("/v1/health"), await listings({ limit: 0 }), await call("/v1/nothing")]) {
        assert.equal(answer.headers.get("x-content-type-options"), "nosniff");
        assert.equal(answer.headers.get("x-frame-options"), "DENY");
        assert.equal(answer.headers.get("referrer-policy"), "no-referrer");
        assert.equal(answer.headers.get("strict-transport-security"), "max-age=63072000; includeSubDomains");
        assert.equal(answer.headers.get("content-security-policy"), "default-src 'none'; frame-ancestors 'none'");
        assert.match(answer.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
      }
    });

    it("an unknown path is 404 and POST is 405 with Allow", async () => {
      const unknown = await call("/v1/nothing");
      assert.equal(unknown.status, 404);
      assert.equal(unknown.body.error?.code, "NOT_FOUND");
      const post = await call("/v1/listings", { method: "POST" });
      assert.equal(post.status, 405);
      assert.equal(post.headers.get("allow"), "GET, OPTIONS");
      assert.equal(post.body.error?.code, "METHOD_NOT_ALLOWED");
    });

    it("CORS: an allowed origin is echoed and preflighted; an unlisted one is refused", async () => {
      const allowed = await call("/v1/health", { headers: { Origin: ALLOWED_ORIGIN } });
      assert.equal(allowed.headers.get("access-control-allow-origin"), ALLOWED_ORIGIN);
      assert.match(allowed.headers.get("vary") ?? "", /Origin/);
      const preflight = await call("/v1/listings", { method: "OPTIONS", headers: { Origin: ALLOWED_ORIGIN, "Access-Control-Request-Method": "GET" } });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get("access-control-allow-origin"), ALLOWED_ORIGIN);
      assert.match(preflight.headers.get("access-control-allow-methods") ?? "", /GET/);
      const refused = await call("/v1/listings", { headers: { Origin: "https://evil.example" } });
      assert.equal(refused.status, 403);
      assert.equal(refused.body.error?.code, "CORS_ORIGIN_DENIED");
      assert.equal(refused.headers.get("access-control-allow-origin"), null);
    });

    it("past the per-IP limit answers 429 with Retry-After; another IP is unaffected", async function () {
      this.timeout(WINDOW_ATTEMPTS * MINUTE_WINDOW_MS + 60_000);
      // A fixed window resets on the minute: the sequence is judged only when it ran within
      // one window (support/windows.ts), each attempt from a fresh address.
      const { ip, limit, statuses } = await inOneWindow(async () => {
        const from = freshIp();
        const first = await call("/v1/openapi.json", { ip: from });
        const max = Number(first.headers.get("ratelimit-limit"));
        assert.ok(max > 0, "RateLimit-Limit header");
        // Sequential on purpose: the emulator starts a worker per concurrent request.
        const seen = [first.status];
        for (let sent = 1; sent < max; sent += 1) seen.push((await call("/v1/openapi.json", { ip: from })).status);
        return { ip: from, limit: max, statuses: seen };
      });
      assert.deepEqual(statuses.filter((s) => s !== 200), [], "the first `limit` requests pass");
      // Issue 14: each instance (emulator worker) serves a client's first quarter of the limit
      // without Firestore; past it, the shared counter refuses. So the refusal comes within
      // limit + (other workers) x limit/4 requests: 3 x limit/4 bounds a few workers.
      const refusedWithin = async (from: string) => {
        for (let extra = 0; extra < (3 * limit) / 4; extra += 1) {
          const answer = await call("/v1/openapi.json", { ip: from });
          if (answer.status === 429) return answer;
        }
        return undefined;
      };
      const limited = await refusedWithin(ip);
      assert.equal(limited?.status, 429, "refused past the limit");
      assert.equal(limited?.body.error?.code, "RATE_LIMITED");
      assert.ok(Number(limited?.headers.get("retry-after")) >= 1, `Retry-After ${limited?.headers.get("retry-after")}`);
      assert.equal((await call("/v1/openapi.json")).status, 200, "another address has its own bucket");
      // Issue 10 finding 9: another address of the same IPv6 /64 is the same customer (a fresh
      // bucket would pass `limit` requests; this one is refused within the workers' allowance).
      const sameSlash64 = ip.replace(/::[0-9a-f]+$/, "::beef");
      assert.equal((await refusedWithin(sameSlash64))?.status, 429, "another address of the same /64 shares the bucket");
    });

    it("a listings page is fast in the emulator (reported)", async () => {
      const timings: number[] = [];
      for (let i = 0; i < 20; i += 1) timings.push((await listings({ make: MAKE, limit: 20 })).ms);
      timings.sort((a, b) => a - b);
      console.log(`      listings page latency over 20 calls: p50 ${timings[10].toFixed(1)} ms, max ${timings[19].toFixed(1)} ms`);
      assert.ok(timings[10] < 2000);
    });
  });
});
