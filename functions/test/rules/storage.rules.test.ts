// storage.rules (SPEC section 7): listing images written by the listing's vendor (read from
// Firestore), images only, at most 10 MB, public while the listing is active; users/** private;
// vendors/{uid}/kyc/** owner write, admin read; exports/** owner read only; nothing else.
// Needs the Storage emulator (and Firestore, for the cross-service read). Where the Storage
// emulator cannot run, every test says so and is skipped; it never passes silently.
import { assertFails, assertSucceeds, type RulesTestContext, type RulesTestEnvironment } from "@firebase/rules-unit-testing";
import { deleteObject, getBytes, ref, uploadBytes, type FirebaseStorage, type UploadMetadata } from "firebase/storage";
import type { Context } from "mocha";
import { aListingDoc } from "./builders";
import { asAdmin, asAdminWithoutMfa, asGuest, asUser, seed, storageRulesEnv } from "../support/rulesEnv";
import { emulatorRunning, skipLoudly, whyEmulatorMissing } from "../support/skip";

const MB = 1024 * 1024;
const JPEG: UploadMetadata = { contentType: "image/jpeg" };
const PDF: UploadMetadata = { contentType: "application/pdf" };

function bytes(size = 1024): Uint8Array {
  return new Uint8Array(size).fill(7);
}

/** The context's Storage as the modular API sees it (the test library types it as compat). */
function storage(context: RulesTestContext): FirebaseStorage {
  return context.storage() as unknown as FirebaseStorage;
}

function upload(context: RulesTestContext, path: string, metadata: UploadMetadata = JPEG, size?: number) {
  return uploadBytes(ref(storage(context), path), bytes(size), metadata);
}

function download(context: RulesTestContext, path: string) {
  return getBytes(ref(storage(context), path));
}

function remove(context: RulesTestContext, path: string) {
  return deleteObject(ref(storage(context), path));
}

describe("storage rules", () => {
  let env: RulesTestEnvironment | undefined;

  /** The environment, or a loud skip of the current test when the emulator is missing. */
  function storageEnv(test: Context): RulesTestEnvironment {
    if (!env) return skipLoudly(test, whyEmulatorMissing("storage"));
    return env;
  }

  async function seedFiles(files: Record<string, UploadMetadata>): Promise<void> {
    if (!env) return;
    await env.withSecurityRulesDisabled(async (context) => {
      await Promise.all(Object.entries(files).map(([path, metadata]) => upload(context, path, metadata)));
    });
  }

  before(async () => {
    if (emulatorRunning("storage")) env = await storageRulesEnv();
  });

  beforeEach(async () => {
    if (!env) return;
    await env.clearFirestore();
    await env.clearStorage();
    await seed(env, {
      "listings/car-active": aListingDoc({ vendorId: "vera", status: "active" }),
      "listings/car-draft": aListingDoc({ vendorId: "vera", status: "draft" }),
      "listings/car-rejected": aListingDoc({ vendorId: "vera", status: "rejected" }),
      "listings/car-archived": aListingDoc({ vendorId: "vera", status: "archived" }),
      "listings/car-pending_review": aListingDoc({ vendorId: "vera", status: "pending_review" }),
    });
    await seedFiles({
      "listings/car-active/images/front.jpg": JPEG,
      "listings/car-draft/images/front.jpg": JPEG,
      "listings/car-archived/images/front.jpg": JPEG,
      "listings/car-pending_review/images/front.jpg": JPEG,
      "users/alice/avatar.jpg": JPEG,
      "vendors/vera/kyc/national-id.pdf": PDF,
      "exports/alice/2025-01-01.json": { contentType: "application/json" },
    });
  });

  after(async () => {
    await env?.cleanup();
  });

  const vera = (e: RulesTestEnvironment) => asUser(e, "vera", "vendor");
  const victor = (e: RulesTestEnvironment) => asUser(e, "victor", "vendor");
  const alice = (e: RulesTestEnvironment) => asUser(e, "alice");
  const bob = (e: RulesTestEnvironment) => asUser(e, "bob");

  describe("listings/{listingId}/images/{file}", () => {
    it("the vendor can upload a JPEG to their own draft listing", async function () {
      const e = storageEnv(this);
      await assertSucceeds(upload(vera(e), "listings/car-draft/images/side.jpg"));
    });

    it("the vendor can upload a photo to their own rejected listing, to fix it", async function () {
      const e = storageEnv(this);
      await assertSucceeds(upload(vera(e), "listings/car-rejected/images/side.jpg"));
    });

    // Issue 10 finding 6: a vendor could swap the photos of an approved listing.
    for (const status of ["active", "archived", "pending_review"]) {
      it(`the vendor cannot upload or overwrite a photo of their own ${status} listing`, async function () {
        const e = storageEnv(this);
        await assertFails(upload(vera(e), `listings/car-${status}/images/side.jpg`));
        await assertFails(upload(vera(e), `listings/car-${status}/images/front.jpg`));
      });

      it(`the vendor cannot delete a photo of their own ${status} listing`, async function () {
        const e = storageEnv(this);
        await assertFails(remove(vera(e), `listings/car-${status}/images/front.jpg`));
      });
    }

    for (const contentType of ["image/SVG+xml", "IMAGE/SVG+XML", "image/svg+xml; charset=utf-8", "text/html", "image/x-icon", "image/"]) {
      it(`the vendor cannot upload a file of type ${contentType}`, async function () {
        const e = storageEnv(this);
        await assertFails(upload(vera(e), "listings/car-draft/images/x.jpg", { contentType }));
      });
    }

    it("an upper-case allowed type such as IMAGE/JPEG is accepted", async function () {
      const e = storageEnv(this);
      await assertSucceeds(upload(vera(e), "listings/car-draft/images/caps.jpg", { contentType: "IMAGE/JPEG" }));
    });

    it("the vendor can upload a PNG to their own draft listing", async function () {
      const e = storageEnv(this);
      await assertSucceeds(upload(vera(e), "listings/car-draft/images/rear.png", { contentType: "image/png" }));
    });

    it("the vendor can upload an image of exactly 10 MB", async function () {
      const e = storageEnv(this);
      await assertSucceeds(upload(vera(e), "listings/car-draft/images/big.jpg", JPEG, 10 * MB));
    });

    it("the vendor cannot upload an image over 10 MB", async function () {
      const e = storageEnv(this);
      await assertFails(upload(vera(e), "listings/car-draft/images/huge.jpg", JPEG, 10 * MB + 1));
    });

    it("the vendor cannot upload a file that is not an image", async function () {
      const e = storageEnv(this);
      await assertFails(upload(vera(e), "listings/car-draft/images/brochure.pdf", PDF));
    });

    it("the vendor cannot upload an SVG, which can carry script", async function () {
      const e = storageEnv(this);
      await assertFails(upload(vera(e), "listings/car-draft/images/logo.svg", { contentType: "image/svg+xml" }));
    });

    it("another vendor cannot upload to someone else's listing", async function () {
      const e = storageEnv(this);
      await assertFails(upload(victor(e), "listings/car-draft/images/side.jpg"));
    });

    it("a customer cannot upload a listing image", async function () {
      const e = storageEnv(this);
      await assertFails(upload(alice(e), "listings/car-draft/images/side.jpg"));
    });

    it("a guest cannot upload a listing image", async function () {
      const e = storageEnv(this);
      await assertFails(upload(asGuest(e), "listings/car-draft/images/side.jpg"));
    });

    it("nobody can upload images for a listing that does not exist", async function () {
      const e = storageEnv(this);
      await assertFails(upload(vera(e), "listings/ghost/images/front.jpg"));
    });

    it("the vendor can delete an image of their draft listing", async function () {
      const e = storageEnv(this);
      await assertSucceeds(remove(vera(e), "listings/car-draft/images/front.jpg"));
    });

    it("another vendor cannot delete an image of someone else's listing", async function () {
      const e = storageEnv(this);
      await assertFails(remove(victor(e), "listings/car-draft/images/front.jpg"));
    });

    it("a guest can see the images of an active listing", async function () {
      const e = storageEnv(this);
      await assertSucceeds(download(asGuest(e), "listings/car-active/images/front.jpg"));
    });

    it("a guest cannot see the images of a draft listing", async function () {
      const e = storageEnv(this);
      await assertFails(download(asGuest(e), "listings/car-draft/images/front.jpg"));
    });

    it("a customer cannot see the images of a draft listing", async function () {
      const e = storageEnv(this);
      await assertFails(download(alice(e), "listings/car-draft/images/front.jpg"));
    });

    it("the vendor can see the images of their own draft listing", async function () {
      const e = storageEnv(this);
      await assertSucceeds(download(vera(e), "listings/car-draft/images/front.jpg"));
    });

    it("an admin signed in with a second factor can see a draft listing's images", async function () {
      const e = storageEnv(this);
      await assertSucceeds(download(asAdmin(e), "listings/car-draft/images/front.jpg"));
    });

    it("an admin without a second factor cannot see a draft listing's images", async function () {
      const e = storageEnv(this);
      await assertFails(download(asAdminWithoutMfa(e), "listings/car-draft/images/front.jpg"));
    });
  });

  describe("users/{uid}/**", () => {
    it("the owner can upload and read their own files", async function () {
      const e = storageEnv(this);
      await assertSucceeds(upload(alice(e), "users/alice/docs/licence.jpg"));
      await assertSucceeds(download(alice(e), "users/alice/avatar.jpg"));
    });

    it("the owner cannot upload a file over 10 MB", async function () {
      const e = storageEnv(this);
      await assertFails(upload(alice(e), "users/alice/huge.jpg", JPEG, 10 * MB + 1));
    });

    it("another user cannot read someone's files", async function () {
      const e = storageEnv(this);
      await assertFails(download(bob(e), "users/alice/avatar.jpg"));
    });

    it("another user cannot write into someone's folder", async function () {
      const e = storageEnv(this);
      await assertFails(upload(bob(e), "users/alice/avatar.jpg"));
    });

    it("an admin, even with a second factor, cannot read a user's private files", async function () {
      const e = storageEnv(this);
      await assertFails(download(asAdmin(e), "users/alice/avatar.jpg"));
    });

    it("a guest cannot read a user's files", async function () {
      const e = storageEnv(this);
      await assertFails(download(asGuest(e), "users/alice/avatar.jpg"));
    });
  });

  describe("vendors/{uid}/kyc/**", () => {
    it("the applicant can upload a PDF of their commercial register", async function () {
      const e = storageEnv(this);
      await assertSucceeds(upload(alice(e), "vendors/alice/kyc/commercial-register.pdf", PDF));
    });

    it("the applicant can upload a photo of their national ID", async function () {
      const e = storageEnv(this);
      await assertSucceeds(upload(alice(e), "vendors/alice/kyc/national-id.jpg"));
    });

    it("the applicant cannot upload a file that is neither an image nor a PDF", async function () {
      const e = storageEnv(this);
      await assertFails(upload(alice(e), "vendors/alice/kyc/tool.exe", { contentType: "application/octet-stream" }));
    });

    it("another user cannot upload into someone's KYC folder", async function () {
      const e = storageEnv(this);
      await assertFails(upload(bob(e), "vendors/alice/kyc/national-id.pdf", PDF));
    });

    it("the vendor cannot read their KYC documents back", async function () {
      const e = storageEnv(this);
      await assertFails(download(vera(e), "vendors/vera/kyc/national-id.pdf"));
    });

    it("the applicant cannot overwrite a KYC document once uploaded (create only)", async function () {
      const e = storageEnv(this);
      await assertFails(upload(vera(e), "vendors/vera/kyc/national-id.pdf", PDF));
    });

    it("the applicant cannot upload an SVG as a KYC document, whatever its case", async function () {
      const e = storageEnv(this);
      await assertFails(upload(alice(e), "vendors/alice/kyc/id.svg", { contentType: "Image/Svg+Xml" }));
    });

    it("the vendor cannot delete a KYC document", async function () {
      const e = storageEnv(this);
      await assertFails(remove(vera(e), "vendors/vera/kyc/national-id.pdf"));
    });

    it("an admin signed in with a second factor can read a KYC document", async function () {
      const e = storageEnv(this);
      await assertSucceeds(download(asAdmin(e), "vendors/vera/kyc/national-id.pdf"));
    });

    it("an admin without a second factor cannot read a KYC document", async function () {
      const e = storageEnv(this);
      await assertFails(download(asAdminWithoutMfa(e), "vendors/vera/kyc/national-id.pdf"));
    });
  });

  describe("exports/{uid}/**", () => {
    it("the owner can download their data export", async function () {
      const e = storageEnv(this);
      await assertSucceeds(download(alice(e), "exports/alice/2025-01-01.json"));
    });

    it("another user cannot download someone's data export", async function () {
      const e = storageEnv(this);
      await assertFails(download(bob(e), "exports/alice/2025-01-01.json"));
    });

    it("the owner cannot write to their exports folder", async function () {
      const e = storageEnv(this);
      await assertFails(upload(alice(e), "exports/alice/forged.json", { contentType: "application/json" }));
    });

    it("the owner cannot delete a data export", async function () {
      const e = storageEnv(this);
      await assertFails(remove(alice(e), "exports/alice/2025-01-01.json"));
    });
  });

  describe("every other path", () => {
    it("nobody can read or write outside the declared folders", async function () {
      const e = storageEnv(this);
      await assertFails(upload(alice(e), "public/anything.jpg"));
      await assertFails(upload(asAdmin(e), "backups/firestore.json", { contentType: "application/json" }));
      await assertFails(download(asAdmin(e), "backups/firestore.json"));
    });
  });
});
