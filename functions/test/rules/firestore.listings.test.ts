// firestore.rules: listings/{listingId}
// (SPEC sections 3 and 7: anyone reads an active listing, its vendor and an admin (MFA)
// always; an approved vendor creates and edits their own listings through the client SDK,
// every field validated, server-owned fields never writable, only the vendor's status moves).
// The field lists and enums come from the listing contract (functions/src/listings/schema.ts),
// so these tests fail when the contract and firestore.rules drift apart.
import assert from "node:assert/strict";
import { assertFails, assertSucceeds } from "@firebase/rules-unit-testing";
import {
  collection,
  deleteDoc,
  deleteField,
  doc,
  getDoc,
  getDocs,
  limit,
  orderBy,
  query,
  serverTimestamp,
  setDoc,
  updateDoc,
  where,
  type DocumentData,
  type Firestore,
} from "firebase/firestore";
import {
  LISTING_STATUSES,
  MAX_IMAGES,
  MAX_MILEAGE_KM,
  MAX_PRICE_PIASTRES,
  MAX_STOCK,
  MIN_YEAR,
  SERVER_FIELDS,
  VENDOR_FIELDS_CAR,
  VENDOR_FIELDS_COMMON,
  VENDOR_FIELDS_PART,
  type ListingStatus,
} from "../../src/listings/schema";
import { GOVERNORATES } from "../../src/shared/egypt";
import { aCarListing, aPartListing, aVendorDoc, serverListingFields } from "./builders";
import { asAdmin, asAdminWithoutMfa, asGuest, asUser, db, seed, useFirestoreRules } from "../support/rulesEnv";

const THIS_YEAR = new Date().getUTCFullYear();

/** `n` storage paths under the listing, as the web app writes them after uploading. */
function photos(listingId: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `listings/${listingId}/images/photo-${i + 1}.jpg`);
}

/** A value a client might try to put in each server-owned field (typed: a new field needs one). */
const SERVER_FIELD_VALUES: Record<(typeof SERVER_FIELDS)[number], unknown> = {
  searchTokens: ["cheap", "rolls", "royce"],
  makeKey: "rolls royce",
  modelKey: "phantom",
  vendor: { displayName: "Official Toyota Dealer", rating: { avg: 5, count: 9999 }, type: "dealer" },
  favoriteCount: 100000,
  publishedAt: serverTimestamp(),
  createdAt: serverTimestamp(),
  updatedAt: serverTimestamp(),
  moderation: { at: serverTimestamp(), decision: "approve" },
  suspension: null,
  lastOrder: { orderId: "o-fake", effect: "release" },
  stockSplit: { shards: 1, total: 1000 },
};

const REQUIRED_COMMON = ["vendorId", "kind", "title", "price", "currency", "condition", "governorate", "city", "status"];
const REQUIRED_CAR = ["make", "model", "year", "mileageKm", "transmission", "fuel"];
const REQUIRED_PART = ["partNumber", "stock"];

/** The status moves a vendor may make by a status-only update (SPEC section 3). */
const VENDOR_MOVES: Partial<Record<ListingStatus, ListingStatus[]>> = {
  draft: ["draft", "pending_review"],
  rejected: ["rejected", "pending_review"],
  active: ["active", "archived", "pending_review"],
  archived: ["archived", "active", "pending_review"],
};

function without(data: DocumentData, key: string): DocumentData {
  const copy = { ...data };
  delete copy[key];
  return copy;
}

describe("firestore rules: listings/{listingId}", () => {
  /** vera's car listing `id` as the server stores it: vendor fields plus server-owned ones. */
  function storedCar(id: string, overrides: DocumentData = {}): DocumentData {
    return { ...aCarListing({ vendorId: "vera", images: photos(id, 2), ...overrides }), ...serverListingFields() };
  }

  const env = useFirestoreRules(() => {
    const veraListings = Object.fromEntries(
      LISTING_STATUSES.map((status) => [`listings/car-${status}`, storedCar(`car-${status}`, { status })]),
    );
    return {
      "vendors/vera": aVendorDoc({ displayName: "Vera Cars" }),
      "vendors/victor": aVendorDoc({ displayName: "Victor Spares", type: "parts_shop" }),
      "vendors/penny": aVendorDoc({ status: "pending" }),
      "vendors/sam": aVendorDoc({ status: "suspended" }),
      "vendors/alice": aVendorDoc({ type: "individual" }),
      ...veraListings,
      "listings/part-active": {
        ...aPartListing({ vendorId: "vera", status: "active" }),
        ...serverListingFields(),
      },
      "listings/victor-active": { ...aCarListing({ vendorId: "victor", status: "active" }), ...serverListingFields() },
      "listings/victor-draft": { ...aCarListing({ vendorId: "victor", status: "draft" }), ...serverListingFields() },
      "listings/car-rejected/private/moderation": { decision: "reject", from: "pending_review", to: "rejected", reason: "Photos show another car", by: "admin-1", at: new Date() },
    };
  });

  // Actors. Every vendor-side actor carries the `vendor` claim unless stated otherwise.
  const vera = () => db(asUser(env(), "vera", "vendor")); // approved vendor, owns car-* and part-active
  const victor = () => db(asUser(env(), "victor", "vendor")); // another approved vendor
  const guest = () => db(asGuest(env()));
  const customer = () => db(asUser(env(), "carl"));
  const admin = () => db(asAdmin(env()));

  const car = (overrides: DocumentData = {}) => aCarListing({ vendorId: "vera", ...overrides });
  const part = (overrides: DocumentData = {}) => aPartListing({ vendorId: "vera", ...overrides });
  const create = (as: Firestore, data: DocumentData, id = "new-listing") => setDoc(doc(as, `listings/${id}`), data);
  const edit = (as: Firestore, id: string, changes: DocumentData) => updateDoc(doc(as, `listings/${id}`), changes);

  describe("reading one listing", () => {
    it("a guest can read an active listing", async () => {
      await assertSucceeds(getDoc(doc(guest(), "listings/car-active")));
    });

    it("a guest cannot read a draft", async () => {
      await assertFails(getDoc(doc(guest(), "listings/car-draft")));
    });

    for (const status of LISTING_STATUSES.filter((s) => s !== "active")) {
      it(`a customer cannot read a listing that is ${status}`, async () => {
        await assertFails(getDoc(doc(customer(), `listings/car-${status}`)));
      });
    }

    it("the vendor can read their own listing in every status", async () => {
      for (const status of LISTING_STATUSES) {
        await assertSucceeds(getDoc(doc(vera(), `listings/car-${status}`)));
      }
    });

    it("another vendor cannot read someone's draft", async () => {
      await assertFails(getDoc(doc(victor(), "listings/car-draft")));
    });

    it("an admin signed in with a second factor can read a draft and a suspended listing", async () => {
      await assertSucceeds(getDoc(doc(admin(), "listings/car-draft")));
      await assertSucceeds(getDoc(doc(admin(), "listings/car-suspended")));
    });

    it("an admin without a second factor cannot read a listing under review", async () => {
      await assertFails(getDoc(doc(db(asAdminWithoutMfa(env())), "listings/car-pending_review")));
    });
  });

  describe("listing queries", () => {
    it("a guest can query listings constrained to status active", async () => {
      await assertSucceeds(getDocs(query(collection(guest(), "listings"), where("status", "==", "active"))));
    });

    it("a guest can page through active cars, newest first", async () => {
      const page = query(
        collection(guest(), "listings"),
        where("status", "==", "active"),
        where("kind", "==", "car"),
        orderBy("publishedAt", "desc"),
        limit(20),
      );
      await assertSucceeds(getDocs(page));
    });

    it("a guest cannot query listings without constraining status", async () => {
      await assertFails(getDocs(collection(guest(), "listings")));
    });

    it("a guest cannot query listings filtered only by kind", async () => {
      await assertFails(getDocs(query(collection(guest(), "listings"), where("kind", "==", "car"))));
    });

    it("a guest cannot query active and reserved listings together", async () => {
      await assertFails(getDocs(query(collection(guest(), "listings"), where("status", "in", ["active", "reserved"]))));
    });

    it("a vendor can query all of their own listings with where vendorId == uid", async () => {
      const snapshot = await assertSucceeds(
        getDocs(query(collection(vera(), "listings"), where("vendorId", "==", "vera"))),
      );
      assert.equal(snapshot.size, LISTING_STATUSES.length + 1);
    });

    it("a vendor can query their own drafts", async () => {
      const drafts = query(collection(vera(), "listings"), where("vendorId", "==", "vera"), where("status", "==", "draft"));
      await assertSucceeds(getDocs(drafts));
    });

    it("a vendor cannot query another vendor's listings without constraining status to active", async () => {
      await assertFails(getDocs(query(collection(victor(), "listings"), where("vendorId", "==", "vera"))));
    });

    it("anyone can query another vendor's active listings", async () => {
      const shop = query(collection(victor(), "listings"), where("vendorId", "==", "vera"), where("status", "==", "active"));
      await assertSucceeds(getDocs(shop));
    });

    it("an admin signed in with a second factor can query the review queue", async () => {
      const queue = query(collection(admin(), "listings"), where("status", "==", "pending_review"));
      await assertSucceeds(getDocs(queue));
    });

    it("an admin without a second factor cannot query the review queue", async () => {
      const queue = query(collection(db(asAdminWithoutMfa(env())), "listings"), where("status", "==", "pending_review"));
      await assertFails(getDocs(queue));
    });
  });

  describe("creating: who", () => {
    it("an approved vendor can create a car listing as a draft", async () => {
      await assertSucceeds(create(vera(), car()));
    });

    it("an approved vendor can create a part listing as a draft", async () => {
      await assertSucceeds(create(vera(), part()));
    });

    it("an approved vendor can create a listing straight into review", async () => {
      await assertSucceeds(create(vera(), car({ status: "pending_review" })));
    });

    it("a vendor cannot create a listing in another vendor's name", async () => {
      await assertFails(create(vera(), car({ vendorId: "victor" })));
    });

    it("a vendor whose application is pending cannot create a listing, even with a vendor claim", async () => {
      await assertFails(create(db(asUser(env(), "penny", "vendor")), aCarListing({ vendorId: "penny" })));
    });

    it("a suspended vendor cannot create a listing, even with a vendor claim", async () => {
      await assertFails(create(db(asUser(env(), "sam", "vendor")), aCarListing({ vendorId: "sam" })));
    });

    it("a customer without a vendor claim cannot create a listing", async () => {
      await assertFails(create(customer(), aCarListing({ vendorId: "carl" })));
    });

    it("an approved vendor whose token does not carry the vendor claim yet cannot create a listing", async () => {
      await assertFails(create(db(asUser(env(), "alice")), aCarListing({ vendorId: "alice" })));
    });

    it("a user with a vendor claim but no vendor profile cannot create a listing", async () => {
      await assertFails(create(db(asUser(env(), "nora", "vendor")), aCarListing({ vendorId: "nora" })));
    });

    it("an admin signed in with a second factor cannot create a listing directly", async () => {
      await assertFails(create(admin(), aCarListing({ vendorId: "admin-mfa", status: "active" })));
    });

    it("a guest cannot create a listing", async () => {
      await assertFails(create(guest(), car()));
    });
  });

  describe("creating: status", () => {
    for (const status of LISTING_STATUSES.filter((s) => s !== "draft" && s !== "pending_review")) {
      it(`a vendor cannot create a listing that is already ${status}`, async () => {
        await assertFails(create(vera(), car({ status })));
      });
    }

    it("a listing without a status is refused", async () => {
      await assertFails(create(vera(), without(car(), "status")));
    });
  });

  describe("creating: keys", () => {
    it("a car carrying every vendor field of the contract is accepted", async () => {
      const data = car();
      assert.deepEqual(Object.keys(data).sort(), [...VENDOR_FIELDS_COMMON, ...VENDOR_FIELDS_CAR].sort());
      await assertSucceeds(create(vera(), data));
    });

    it("a part carrying every vendor field of the contract is accepted", async () => {
      const data = part();
      assert.deepEqual(Object.keys(data).sort(), [...VENDOR_FIELDS_COMMON, ...VENDOR_FIELDS_PART].sort());
      await assertSucceeds(create(vera(), data));
    });

    it("a car with only the required fields is accepted", async () => {
      const minimal = ["description", "images", "bodyType", "color"].reduce(without, car());
      await assertSucceeds(create(vera(), minimal));
    });

    it("a part with only the required fields is accepted", async () => {
      const minimal = ["description", "images", "compatibleMakes"].reduce(without, part());
      await assertSucceeds(create(vera(), minimal));
    });

    for (const field of [...REQUIRED_COMMON, ...REQUIRED_CAR]) {
      it(`a car without ${field} is refused`, async () => {
        await assertFails(create(vera(), without(car(), field)));
      });
    }

    for (const field of REQUIRED_PART) {
      it(`a part without ${field} is refused`, async () => {
        await assertFails(create(vera(), without(part(), field)));
      });
    }

    for (const field of SERVER_FIELDS) {
      it(`a vendor cannot write the server-owned ${field} when creating a listing`, async () => {
        await assertFails(create(vera(), car({ [field]: SERVER_FIELD_VALUES[field] })));
      });
    }

    it("a listing with an unknown field is refused", async () => {
      await assertFails(create(vera(), car({ featured: true })));
    });

    it("a car carrying a part field is refused", async () => {
      await assertFails(create(vera(), car({ partNumber: "0986AB1234" })));
      await assertFails(create(vera(), car({ stock: 1 })));
    });

    it("a part carrying a car field is refused", async () => {
      await assertFails(create(vera(), part({ make: "toyota" })));
      await assertFails(create(vera(), part({ year: 2020 })));
    });

    it("a listing of an unknown kind is refused", async () => {
      await assertFails(create(vera(), part({ kind: "boat" })));
    });
  });

  describe("creating: common fields", () => {
    it("a negative price is refused", async () => {
      await assertFails(create(vera(), car({ price: -95000000 })));
    });

    it("a price of zero is refused", async () => {
      await assertFails(create(vera(), car({ price: 0 })));
    });

    it("a fractional price is refused (prices are whole piastres)", async () => {
      await assertFails(create(vera(), car({ price: 95000000.5 })));
    });

    it("a price given as a string is refused", async () => {
      await assertFails(create(vera(), car({ price: "95000000" })));
    });

    it("a currency other than EGP is refused", async () => {
      await assertFails(create(vera(), car({ currency: "USD" })));
    });

    it("titles of 3 and 120 characters are accepted", async () => {
      await assertSucceeds(create(vera(), car({ title: "BMW" }), "short-title"));
      await assertSucceeds(create(vera(), car({ title: "ت".repeat(120) }), "long-title"));
    });

    it("a title shorter than 3 characters is refused", async () => {
      await assertFails(create(vera(), car({ title: "VW" })));
    });

    it("a title longer than 120 characters is refused", async () => {
      await assertFails(create(vera(), car({ title: "x".repeat(121) })));
    });

    it("a description of 5000 characters is accepted", async () => {
      await assertSucceeds(create(vera(), car({ description: "و".repeat(5000) })));
    });

    it("a description longer than 5000 characters is refused", async () => {
      await assertFails(create(vera(), car({ description: "x".repeat(5001) })));
    });

    it("a description that is not a string is refused", async () => {
      await assertFails(create(vera(), car({ description: 42 })));
    });

    it("a condition other than new or used is refused", async () => {
      await assertFails(create(vera(), car({ condition: "refurbished" })));
    });

    it("every one of Egypt's 27 governorate slugs is accepted", async () => {
      assert.equal(GOVERNORATES.length, 27);
      for (const governorate of GOVERNORATES) {
        await assertSucceeds(create(vera(), car({ governorate }), `in-${governorate}`));
      }
    });

    it("a governorate written as a display name instead of its slug is refused", async () => {
      await assertFails(create(vera(), car({ governorate: "Cairo" })));
    });

    it("a place that is not an Egyptian governorate is refused", async () => {
      await assertFails(create(vera(), car({ governorate: "riyadh" })));
    });

    it("an empty city is refused", async () => {
      await assertFails(create(vera(), car({ city: "" })));
    });

    it("a city longer than 80 characters is refused", async () => {
      await assertFails(create(vera(), car({ city: "x".repeat(81) })));
    });
  });

  describe("creating: images", () => {
    it(`${MAX_IMAGES} images under the listing are accepted`, async () => {
      await assertSucceeds(create(vera(), car({ images: photos("new-listing", MAX_IMAGES) })));
    });

    it(`a ${MAX_IMAGES + 1}st image is refused`, async () => {
      await assertFails(create(vera(), car({ images: photos("new-listing", MAX_IMAGES + 1) })));
    });

    it("an image stored under another listing is refused", async () => {
      await assertFails(create(vera(), car({ images: ["listings/victor-active/images/photo-1.jpg"] })));
    });

    it("an image that is an outside URL is refused", async () => {
      await assertFails(create(vera(), car({ images: ["https://example.com/car.jpg"] })));
    });

    it("an image path in a nested folder is refused", async () => {
      await assertFails(create(vera(), car({ images: ["listings/new-listing/images/x/y.jpg"] })));
    });

    it("a non-string image entry is refused, even as the 20th entry", async () => {
      const images: unknown[] = photos("new-listing", MAX_IMAGES - 1);
      images.push({ path: "listings/new-listing/images/photo-20.jpg" });
      await assertFails(create(vera(), car({ images })));
    });

    it("an image entry that is a number is refused", async () => {
      await assertFails(create(vera(), car({ images: [...photos("new-listing", 2), 42] })));
    });

    it("an image file name containing a comma is refused", async () => {
      await assertFails(create(vera(), car({ images: ["listings/new-listing/images/a,b.jpg"] })));
    });

    it("images that are not a list are refused", async () => {
      await assertFails(create(vera(), car({ images: "listings/new-listing/images/photo-1.jpg" })));
    });

    it("an image path without a file name is refused", async () => {
      await assertFails(create(vera(), car({ images: ["listings/new-listing/images/"] })));
      await assertFails(create(vera(), car({ images: [...photos("new-listing", 2), "listings/new-listing/images/"] })));
    });

    it("an image under a listing whose id merely starts like this one is refused", async () => {
      await assertFails(create(vera(), car({ images: ["listings/new-listing-2/images/photo-1.jpg"] })));
      await assertFails(create(vera(), car({ images: ["xlistings/new-listing/images/photo-1.jpg"] })));
    });
  });

  // Issue 10 finding 6: the listing id went unescaped into the image-path pattern, so an id
  // such as "x|.*" let `images` hold any URL.
  describe("listing ids", () => {
    it("a listing id of 64 letters, digits, - and _ is accepted", async () => {
      await assertSucceeds(create(vera(), car(), `Ab-_9${"x".repeat(59)}`));
    });

    for (const id of ["x|.*", "a.b", "a b", "car$", "x".repeat(65), "ca(r)", "عربية"]) {
      it(`a listing id such as ${JSON.stringify(id.length > 20 ? `${id.slice(0, 8)}... (${id.length})` : id)} is refused on create`, async () => {
        await assertFails(create(vera(), car(), id));
      });
    }

    it("a stored listing with a hostile id cannot point its images at an outside URL", async () => {
      await seed(env(), { "listings/x|.*": storedCar("x|.*", { status: "draft", images: [] }) });
      await assertFails(edit(vera(), "x|.*", { images: ["https://evil.example/tracker.gif"] }));
      await assertFails(edit(vera(), "x|.*", { images: ["listings/victor-active/images/photo-1.jpg"] }));
    });

    it("a stored listing with a hostile id still takes images under its own path", async () => {
      await seed(env(), { "listings/x|.*": storedCar("x|.*", { status: "draft", images: [] }) });
      await assertSucceeds(edit(vera(), "x|.*", { images: ["listings/x|.*/images/photo-1.jpg"] }));
    });
  });

  // Issue 10 finding 4: every number is bounded to what the code reads exactly.
  describe("creating: number bounds", () => {
    it(`a price of ${MAX_PRICE_PIASTRES} piastres is accepted and one piastre more is refused`, async () => {
      await assertSucceeds(create(vera(), car({ price: MAX_PRICE_PIASTRES })));
      await assertFails(create(vera(), car({ price: MAX_PRICE_PIASTRES + 1 }), "too-dear"));
    });

    it("prices at and past 2^53 are refused", async () => {
      // The web SDK cannot send an int64 past 2^53; the API test writes 2^63 - 1 with the Admin SDK.
      await assertFails(create(vera(), car({ price: Number.MAX_SAFE_INTEGER })));
      await assertFails(create(vera(), car({ price: 2 ** 53 }), "past-2-53"));
    });

    it(`a mileage of ${MAX_MILEAGE_KM} km is accepted and 1 km more is refused`, async () => {
      await assertSucceeds(create(vera(), car({ mileageKm: MAX_MILEAGE_KM })));
      await assertFails(create(vera(), car({ mileageKm: MAX_MILEAGE_KM + 1 }), "far-travelled"));
    });

    it(`a stock of ${MAX_STOCK} is accepted and one more is refused`, async () => {
      await assertSucceeds(create(vera(), part({ stock: MAX_STOCK })));
      await assertFails(create(vera(), part({ stock: MAX_STOCK + 1 }), "overstocked"));
    });

    it("an edit of an active listing cannot raise its price past the bound", async () => {
      await assertFails(edit(vera(), "car-active", { price: MAX_PRICE_PIASTRES + 1 }));
      await assertFails(edit(vera(), "part-active", { stock: MAX_STOCK + 1 }));
    });
  });

  describe("creating: car fields", () => {
    it(`a car from ${MIN_YEAR} and a car of next year's model are accepted`, async () => {
      await assertSucceeds(create(vera(), car({ year: MIN_YEAR }), "classic"));
      await assertSucceeds(create(vera(), car({ year: THIS_YEAR + 1 }), "next-model-year"));
    });

    it(`a car from ${MIN_YEAR - 1} is refused`, async () => {
      await assertFails(create(vera(), car({ year: MIN_YEAR - 1 })));
    });

    it("a car from the year after next is refused", async () => {
      await assertFails(create(vera(), car({ year: THIS_YEAR + 2 })));
    });

    it("a fractional year is refused", async () => {
      await assertFails(create(vera(), car({ year: 2020.5 })));
    });

    it("a negative mileage is refused", async () => {
      await assertFails(create(vera(), car({ mileageKm: -1 })));
    });

    it("a fractional mileage is refused", async () => {
      await assertFails(create(vera(), car({ mileageKm: 61000.7 })));
    });

    it("a new car with zero mileage is accepted", async () => {
      await assertSucceeds(create(vera(), car({ condition: "new", mileageKm: 0 })));
    });

    it("a transmission other than manual or automatic is refused", async () => {
      await assertFails(create(vera(), car({ transmission: "cvt" })));
    });

    it("every fuel of the contract is accepted and an unknown fuel is refused", async () => {
      for (const fuel of ["petrol", "diesel", "hybrid", "electric", "natural_gas"]) {
        await assertSucceeds(create(vera(), car({ fuel }), `fuel-${fuel}`));
      }
      await assertFails(create(vera(), car({ fuel: "lpg" })));
    });

    it("an empty make or a make longer than 40 characters is refused", async () => {
      await assertFails(create(vera(), car({ make: "" })));
      await assertFails(create(vera(), car({ make: "x".repeat(41) })));
    });

    it("an empty model or a model longer than 60 characters is refused", async () => {
      await assertFails(create(vera(), car({ model: "" })));
      await assertFails(create(vera(), car({ model: "x".repeat(61) })));
    });

    it("an empty body type or a color longer than 40 characters is refused", async () => {
      await assertFails(create(vera(), car({ bodyType: "" })));
      await assertFails(create(vera(), car({ color: "x".repeat(41) })));
    });
  });

  describe("creating: part fields", () => {
    it("an empty part number or one longer than 60 characters is refused", async () => {
      await assertFails(create(vera(), part({ partNumber: "" })));
      await assertFails(create(vera(), part({ partNumber: "x".repeat(61) })));
    });

    it("a part with zero stock is accepted", async () => {
      await assertSucceeds(create(vera(), part({ stock: 0 })));
    });

    it("a negative or fractional stock is refused", async () => {
      await assertFails(create(vera(), part({ stock: -1 })));
      await assertFails(create(vera(), part({ stock: 2.5 })));
    });

    it("50 compatible makes are accepted and 51 are refused", async () => {
      const makes = (n: number) => Array.from({ length: n }, (_, i) => `make-${i}`);
      await assertSucceeds(create(vera(), part({ compatibleMakes: makes(50) }), "fits-50"));
      await assertFails(create(vera(), part({ compatibleMakes: makes(51) }), "fits-51"));
    });

    it("compatible makes that are not a list are refused", async () => {
      await assertFails(create(vera(), part({ compatibleMakes: "toyota" })));
    });

    // Issue 10 finding 9: non-string entries passed the rules and crashed the listing trigger.
    const BAD_MAKES: [string, unknown[]][] = [
      ["a number", ["Toyota", 42]],
      ["a map", [{ name: "Toyota" }]],
      ["null", ["Toyota", null]],
      ["a boolean", [true]],
      ["an empty string", ["Toyota", ""]],
      ["41 characters", ["x".repeat(41)]],
      ["a comma", ["Toyota,Nissan"]],
    ];
    for (const [what, makes] of BAD_MAKES) {
      it(`a compatible make that is ${what} is refused`, async () => {
        await assertFails(create(vera(), part({ compatibleMakes: makes })));
      });
    }

    it("an empty list of compatible makes, and Arabic names, are accepted", async () => {
      await assertSucceeds(create(vera(), part({ compatibleMakes: [] }), "fits-none"));
      await assertSucceeds(create(vera(), part({ compatibleMakes: ["تويوتا", "Kia"] }), "fits-arabic"));
    });
  });

  describe("updating: who", () => {
    it("the vendor can edit their own draft", async () => {
      await assertSucceeds(edit(vera(), "car-draft", { title: "Toyota Corolla 2020, full option", price: 93000000 }));
    });

    it("a vendor cannot edit another vendor's listing", async () => {
      await assertFails(edit(victor(), "car-draft", { price: 1000 }));
      await assertFails(edit(victor(), "car-active", { price: 1000 }));
    });

    it("a vendor cannot take over another vendor's listing by writing their own vendorId", async () => {
      await assertFails(edit(victor(), "car-draft", { vendorId: "victor" }));
    });

    it("a vendor cannot hand their listing to another vendor", async () => {
      await assertFails(edit(vera(), "car-draft", { vendorId: "victor" }));
    });

    it("a vendor who has been suspended cannot edit their own draft", async () => {
      await seed(env(), { "vendors/vera": aVendorDoc({ status: "suspended" }) });
      await assertFails(edit(vera(), "car-draft", { price: 93000000 }));
    });

    it("a vendor whose vendor claim was removed cannot edit their own draft", async () => {
      await assertFails(edit(db(asUser(env(), "vera")), "car-draft", { price: 93000000 }));
    });

    it("an admin signed in with a second factor cannot approve a listing by writing it", async () => {
      await assertFails(edit(admin(), "car-pending_review", { status: "active" }));
    });

    it("a customer and a guest cannot edit a listing", async () => {
      await assertFails(edit(customer(), "car-active", { price: 1 }));
      await assertFails(edit(guest(), "car-active", { price: 1 }));
    });
  });

  describe("updating: fields", () => {
    for (const field of SERVER_FIELDS) {
      it(`a vendor cannot write the server-owned ${field} when editing a listing`, async () => {
        await assertFails(edit(vera(), "car-draft", { [field]: SERVER_FIELD_VALUES[field] }));
      });
    }

    it("a vendor cannot remove a server-owned field", async () => {
      await assertFails(edit(vera(), "car-draft", { createdAt: deleteField() }));
      await assertFails(edit(vera(), "car-draft", { searchTokens: deleteField() }));
    });

    it("a full overwrite without merge is refused, because it drops the server-owned fields", async () => {
      await assertFails(setDoc(doc(vera(), "listings/car-draft"), car({ images: photos("car-draft", 2) })));
    });

    it("a set with merge of vendor fields is accepted", async () => {
      await assertSucceeds(setDoc(doc(vera(), "listings/car-draft"), { price: 90000000 }, { merge: true }));
    });

    it("a vendor cannot turn a car into a part", async () => {
      const asPart = { kind: "part", partNumber: "X-1", stock: 1, ...Object.fromEntries(VENDOR_FIELDS_CAR.map((f) => [f, deleteField()])) };
      await assertFails(edit(vera(), "car-draft", asPart));
    });

    it("a vendor cannot remove a required field", async () => {
      await assertFails(edit(vera(), "car-draft", { make: deleteField() }));
    });

    it("a vendor can remove an optional field", async () => {
      await assertSucceeds(edit(vera(), "car-draft", { color: deleteField() }));
    });

    it("an edit that makes the price negative is refused", async () => {
      await assertFails(edit(vera(), "car-draft", { price: -1 }));
    });

    it("an edit that adds an unknown field is refused", async () => {
      await assertFails(edit(vera(), "car-draft", { featured: true }));
    });

    it("an edit that adds a part field to a car is refused", async () => {
      await assertFails(edit(vera(), "car-draft", { stock: 3 }));
    });

    it(`an edit that adds a ${MAX_IMAGES + 1}st image is refused`, async () => {
      await assertSucceeds(edit(vera(), "car-draft", { images: photos("car-draft", MAX_IMAGES) }));
      await assertFails(edit(vera(), "car-draft", { images: photos("car-draft", MAX_IMAGES + 1) }));
    });
  });

  describe("updating: status moves", () => {
    // Every (from, to) pair, changing only the status.
    for (const from of LISTING_STATUSES) {
      for (const to of LISTING_STATUSES) {
        const allowed = VENDOR_MOVES[from]?.includes(to) ?? false;
        it(`a vendor ${allowed ? "can" : "cannot"} move their listing from ${from} to ${to}`, async () => {
          const move = edit(vera(), `car-${from}`, { status: to });
          await (allowed ? assertSucceeds(move) : assertFails(move));
        });
      }
    }

    it("a vendor can submit a draft with last edits in the same write", async () => {
      await assertSucceeds(edit(vera(), "car-draft", { status: "pending_review", title: "Toyota Corolla 2020 GLi" }));
    });

    it("a vendor cannot jump a draft straight to active", async () => {
      await assertFails(edit(vera(), "car-draft", { status: "active" }));
    });

    it("a vendor cannot approve their own listing under review", async () => {
      await assertFails(edit(vera(), "car-pending_review", { status: "active" }));
    });

    it("a vendor cannot edit a listing while it is under review", async () => {
      await assertFails(edit(vera(), "car-pending_review", { price: 90000000 }));
    });

    it("a vendor can fix a rejected listing and resubmit it", async () => {
      await assertSucceeds(edit(vera(), "car-rejected", { description: "Now with the real mileage." }));
      await assertSucceeds(edit(vera(), "car-rejected", { status: "pending_review", mileageKm: 98000 }));
    });

    it("a vendor cannot edit a reserved listing", async () => {
      await assertFails(edit(vera(), "car-reserved", { price: 90000000 }));
    });

    it("a vendor cannot edit a sold listing", async () => {
      await assertFails(edit(vera(), "car-sold", { title: "Toyota Corolla 2020 (sold)" }));
    });

    it("a vendor cannot edit or lift a suspended listing", async () => {
      await assertFails(edit(vera(), "car-suspended", { price: 90000000 }));
      await assertFails(edit(vera(), "car-suspended", { status: "active" }));
    });
  });

  describe("updating: edits of a live listing", () => {
    it("editing an active listing's title while keeping it active is refused", async () => {
      await assertFails(edit(vera(), "car-active", { title: "Toyota Corolla 2020, like new" }));
    });

    it("editing an active listing's title and sending it back to review is accepted", async () => {
      await assertSucceeds(edit(vera(), "car-active", { title: "Toyota Corolla 2020, like new", status: "pending_review" }));
    });

    it("editing an active listing's description while keeping it active is refused", async () => {
      await assertFails(edit(vera(), "car-active", { description: "Call me on 010..." }));
    });

    it("removing an active listing's description while keeping it active is refused", async () => {
      await assertFails(edit(vera(), "car-active", { description: deleteField() }));
    });

    it("changing an active listing's images while keeping it active is refused", async () => {
      await assertFails(edit(vera(), "car-active", { images: photos("car-active", 3) }));
    });

    it("changing only the price of an active listing keeps it active", async () => {
      await assertSucceeds(edit(vera(), "car-active", { price: 89000000 }));
    });

    it("changing the price and stock of an active part keeps it active", async () => {
      await assertSucceeds(edit(vera(), "part-active", { price: 175000, stock: 9 }));
    });

    // Issue 10 finding 5: a live Elantra became a new S-Class without review.
    const VEHICLE_FACTS: [string, string, DocumentData][] = [
      ["car-active", "make", { make: "Mercedes-Benz" }],
      ["car-active", "model", { model: "S-Class" }],
      ["car-active", "year", { year: THIS_YEAR }],
      ["car-active", "mileageKm", { mileageKm: 62000 }],
      ["car-active", "condition", { condition: "new" }],
      ["car-active", "transmission", { transmission: "manual" }],
      ["car-active", "fuel", { fuel: "diesel" }],
      ["car-active", "colour", { color: "black" }],
      ["car-active", "city", { city: "Heliopolis" }],
      ["part-active", "partNumber", { partNumber: "OTHER-123" }],
      ["part-active", "compatibleMakes", { compatibleMakes: ["Mercedes-Benz"] }],
    ];
    for (const [id, what, change] of VEHICLE_FACTS) {
      it(`changing an active listing's ${what} while keeping it active is refused`, async () => {
        await assertFails(edit(vera(), id, change));
      });

      it(`changing an active listing's ${what} and sending it back to review is accepted`, async () => {
        await assertSucceeds(edit(vera(), id, { ...change, status: "pending_review" }));
      });
    }

    it("a live Elantra cannot become a new S-Class, even with its price, in one write", async () => {
      await assertFails(edit(vera(), "car-active", { make: "Mercedes-Benz", model: "S-Class", year: THIS_YEAR, condition: "new", price: 900000000 }));
    });

    it("changing an archived listing's vehicle facts and bringing it back live is refused", async () => {
      await assertFails(edit(vera(), "car-archived", { model: "S-Class" }));
      await assertFails(edit(vera(), "car-archived", { model: "S-Class", status: "active" }));
    });

    it("a vendor can archive an active listing and bring it back", async () => {
      await assertSucceeds(edit(vera(), "car-active", { status: "archived" }));
      await assertSucceeds(edit(vera(), "car-active", { status: "active" }));
    });

    it("archiving an active listing while changing its title is refused", async () => {
      await assertFails(edit(vera(), "car-active", { status: "archived", title: "Toyota Corolla 2020, like new" }));
    });

    it("a vendor can change the price of an archived listing", async () => {
      await assertSucceeds(edit(vera(), "car-archived", { price: 85000000 }));
    });

    it("a vendor cannot change an archived listing's title and bring it back without review", async () => {
      await assertFails(edit(vera(), "car-archived", { title: "Toyota Corolla 2020, new photos" }));
      await assertFails(edit(vera(), "car-archived", { title: "Toyota Corolla 2020, new photos", status: "active" }));
    });

    it("a vendor can change an archived listing's title and send it to review", async () => {
      await assertSucceeds(edit(vera(), "car-archived", { title: "Toyota Corolla 2020, new photos", status: "pending_review" }));
    });
  });

  describe("deleting", () => {
    it("the vendor can delete their own draft", async () => {
      await assertSucceeds(deleteDoc(doc(vera(), "listings/car-draft")));
    });

    for (const status of LISTING_STATUSES.filter((s) => s !== "draft")) {
      it(`the vendor cannot delete their own listing that is ${status}`, async () => {
        await assertFails(deleteDoc(doc(vera(), `listings/car-${status}`)));
      });
    }

    it("a vendor cannot delete another vendor's draft", async () => {
      await assertFails(deleteDoc(doc(vera(), "listings/victor-draft")));
    });

    it("an admin signed in with a second factor cannot delete a listing directly", async () => {
      await assertFails(deleteDoc(doc(admin(), "listings/car-draft")));
    });

    it("a guest cannot delete a listing", async () => {
      await assertFails(deleteDoc(doc(guest(), "listings/car-active")));
    });
  });
  // SPEC section 3: who moderated and why live in a private decision, never on the listing.
  describe("listings/{listingId}/private/moderation", () => {
    const decision = "listings/car-rejected/private/moderation";

    it("the listing's vendor reads the moderation decision", async () => {
      await assertSucceeds(getDoc(doc(vera(), decision)));
    });

    it("an admin signed in with a second factor reads it; without one, cannot", async () => {
      await assertSucceeds(getDoc(doc(admin(), decision)));
      await assertFails(getDoc(doc(db(asAdminWithoutMfa(env())), decision)));
    });

    it("a guest, a customer and another vendor cannot read it", async () => {
      for (const as of [guest(), customer(), victor()]) await assertFails(getDoc(doc(as, decision)));
    });

    it("nobody reads another private document of a listing, nor lists them", async () => {
      await assertFails(getDoc(doc(vera(), "listings/car-rejected/private/notes")));
      await assertFails(getDocs(collection(vera(), "listings/car-rejected/private")));
    });

    it("the vendor cannot write the decision, not even to approve themselves", async () => {
      await assertFails(setDoc(doc(vera(), decision), { decision: "approve", reason: null }));
      await assertFails(setDoc(doc(vera(), "listings/car-draft/private/moderation"), { decision: "approve" }));
    });
  });

  // Issue 14: a hot part's stock shards are server-only (no rule matches them: deny by default).
  describe("listings/{listingId}/stockShards/{shard}", () => {
    it("nobody reads a stock shard: not a guest, not the owner vendor, not an admin", async () => {
      for (const as of [guest(), vera(), admin()]) await assertFails(getDoc(doc(as, "listings/part-active/stockShards/0")));
    });

    it("the owner vendor cannot write a stock shard", async () => {
      await assertFails(setDoc(doc(vera(), "listings/part-active/stockShards/0"), { stock: 1000 }));
    });

    it("the owner vendor cannot write stockSplit on the listing", async () => {
      await assertFails(edit(vera(), "part-active", { stockSplit: { shards: 1, total: 1000 } }));
    });
  });
});
