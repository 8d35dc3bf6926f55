// storage.rules (SPEC section 7, issue 11): vendors/{uid}/logo/{file} owner write (image,
// <= 2 MB), public read while the vendor is approved; serviceJobs/{jobId}/photos/{file}
// written by the assigned engineer while the job is in_progress (image, <= 10 MB), read
// by the job's customer, that engineer and admins (MFA). Both read Firestore across
// services. Needs the Storage emulator (and Firestore); where the Storage emulator cannot
// run, every test says so and is skipped; it never passes silently.
import { assertFails, assertSucceeds, type RulesTestContext, type RulesTestEnvironment } from "@firebase/rules-unit-testing";
import { deleteObject, getBytes, ref, uploadBytes, type FirebaseStorage, type UploadMetadata } from "firebase/storage";
import type { Context } from "mocha";
import { aServiceJob, aVendorDoc } from "./builders";
import { asAdmin, asAdminWithoutMfa, asGuest, asUser, seed, storageRulesEnv } from "../support/rulesEnv";
import { emulatorRunning, skipLoudly, whyEmulatorMissing } from "../support/skip";

const MB = 1024 * 1024;
const JPEG: UploadMetadata = { contentType: "image/jpeg" };

function storage(context: RulesTestContext): FirebaseStorage {
  return context.storage() as unknown as FirebaseStorage;
}

function upload(context: RulesTestContext, path: string, metadata: UploadMetadata = JPEG, size = 1024) {
  return uploadBytes(ref(storage(context), path), new Uint8Array(size).fill(7), metadata);
}

const download = (context: RulesTestContext, path: string) => getBytes(ref(storage(context), path));
const remove = (context: RulesTestContext, path: string) => deleteObject(ref(storage(context), path));

describe("storage rules: logos and job photos", () => {
  let env: RulesTestEnvironment | undefined;

  function storageEnv(test: Context): RulesTestEnvironment {
    if (!env) return skipLoudly(test, whyEmulatorMissing("storage"));
    return env;
  }

  before(async () => {
    if (emulatorRunning("storage")) env = await storageRulesEnv();
  });

  beforeEach(async () => {
    if (!env) return;
    await env.clearFirestore();
    await env.clearStorage();
    await seed(env, {
      "vendors/vera": aVendorDoc({ status: "approved" }),
      "vendors/penny": aVendorDoc({ status: "pending" }),
      "vendors/sam": aVendorDoc({ status: "suspended" }),
      "serviceJobs/j-work": aServiceJob({ customerId: "carol", engineerId: "karim", status: "in_progress" }),
      "serviceJobs/j-accepted": aServiceJob({ customerId: "carol", engineerId: "karim", status: "accepted" }),
      "serviceJobs/j-done": aServiceJob({ customerId: "carol", engineerId: "karim", status: "completed" }),
      "serviceJobs/j-omar": aServiceJob({ customerId: "dan", engineerId: "omar", status: "in_progress" }),
    });
    await env.withSecurityRulesDisabled(async (context) => {
      for (const path of ["vendors/vera/logo/logo.png", "vendors/penny/logo/logo.png", "vendors/sam/logo/logo.png", "serviceJobs/j-work/photos/front.jpg", "serviceJobs/j-done/photos/front.jpg"]) {
        await upload(context, path);
      }
    });
  });

  after(async () => {
    await env?.cleanup();
  });

  const vera = (e: RulesTestEnvironment) => asUser(e, "vera", "vendor");
  const karim = (e: RulesTestEnvironment) => asUser(e, "karim", "engineer");
  const omar = (e: RulesTestEnvironment) => asUser(e, "omar", "engineer");
  const carol = (e: RulesTestEnvironment) => asUser(e, "carol");
  const dan = (e: RulesTestEnvironment) => asUser(e, "dan");

  describe("vendors/{uid}/logo/{file}", () => {
    it("the vendor uploads a PNG logo of up to 2 MB to their own folder, and deletes it", async function () {
      const e = storageEnv(this);
      await assertSucceeds(upload(vera(e), "vendors/vera/logo/new.png", { contentType: "image/png" }, 2 * MB));
      await assertSucceeds(remove(vera(e), "vendors/vera/logo/new.png"));
    });

    it("a logo over 2 MB, an SVG (whatever its case) or a PDF is refused", async function () {
      const e = storageEnv(this);
      await assertFails(upload(vera(e), "vendors/vera/logo/big.png", { contentType: "image/png" }, 2 * MB + 1));
      await assertFails(upload(vera(e), "vendors/vera/logo/logo.svg", { contentType: "Image/SVG+xml" }));
      await assertFails(upload(vera(e), "vendors/vera/logo/logo.pdf", { contentType: "application/pdf" }));
    });

    it("another vendor or a guest cannot write or delete someone's logo", async function () {
      const e = storageEnv(this);
      await assertFails(upload(asUser(e, "victor", "vendor"), "vendors/vera/logo/logo.png"));
      await assertFails(remove(asUser(e, "victor", "vendor"), "vendors/vera/logo/logo.png"));
      await assertFails(upload(asGuest(e), "vendors/vera/logo/x.png"));
    });

    it("anyone, even a guest, sees an approved vendor's logo", async function () {
      const e = storageEnv(this);
      await assertSucceeds(download(asGuest(e), "vendors/vera/logo/logo.png"));
      await assertSucceeds(download(carol(e), "vendors/vera/logo/logo.png"));
    });

    it("a pending or suspended vendor's logo is hidden from the public, not from its owner or an MFA admin", async function () {
      const e = storageEnv(this);
      await assertFails(download(asGuest(e), "vendors/penny/logo/logo.png"));
      await assertFails(download(carol(e), "vendors/sam/logo/logo.png"));
      await assertSucceeds(download(asUser(e, "penny", "customer"), "vendors/penny/logo/logo.png"));
      await assertSucceeds(download(asAdmin(e), "vendors/sam/logo/logo.png"));
      await assertFails(download(asAdminWithoutMfa(e), "vendors/sam/logo/logo.png"));
    });
  });

  describe("serviceJobs/{jobId}/photos/{file}", () => {
    it("the assigned engineer uploads a JPEG of up to 10 MB while the job is in progress", async function () {
      const e = storageEnv(this);
      await assertSucceeds(upload(karim(e), "serviceJobs/j-work/photos/rear.jpg", JPEG, 10 * MB));
      await assertSucceeds(upload(karim(e), "serviceJobs/j-work/photos/caps.jpg", { contentType: "IMAGE/JPEG" }));
    });

    it("an image over 10 MB, an SVG or a non-image is refused", async function () {
      const e = storageEnv(this);
      await assertFails(upload(karim(e), "serviceJobs/j-work/photos/huge.jpg", JPEG, 10 * MB + 1));
      await assertFails(upload(karim(e), "serviceJobs/j-work/photos/x.svg", { contentType: "image/svg+xml" }));
      await assertFails(upload(karim(e), "serviceJobs/j-work/photos/x.html", { contentType: "text/html" }));
    });

    it("before the work starts or once it is completed, not even the engineer writes or deletes photos", async function () {
      const e = storageEnv(this);
      await assertFails(upload(karim(e), "serviceJobs/j-accepted/photos/early.jpg"));
      await assertFails(upload(karim(e), "serviceJobs/j-done/photos/late.jpg"));
      await assertFails(upload(karim(e), "serviceJobs/j-done/photos/front.jpg"));
      await assertFails(remove(karim(e), "serviceJobs/j-done/photos/front.jpg"));
    });

    it("another engineer, the customer, an admin or a guest cannot upload to the job; a missing job takes nothing", async function () {
      const e = storageEnv(this);
      await assertFails(upload(omar(e), "serviceJobs/j-work/photos/x.jpg"));
      await assertFails(upload(carol(e), "serviceJobs/j-work/photos/x.jpg"));
      await assertFails(upload(asAdmin(e), "serviceJobs/j-work/photos/x.jpg"));
      await assertFails(upload(asGuest(e), "serviceJobs/j-work/photos/x.jpg"));
      await assertFails(upload(karim(e), "serviceJobs/ghost/photos/x.jpg"));
    });

    it("an engineer cannot put photos outside the photos folder of the job", async function () {
      const e = storageEnv(this);
      await assertFails(upload(karim(e), "serviceJobs/j-work/front.jpg"));
      await assertFails(upload(karim(e), "serviceJobs/j-work/photos/sub/front.jpg"));
    });

    it("the job's customer, its engineer and an MFA admin read the photos", async function () {
      const e = storageEnv(this);
      await assertSucceeds(download(carol(e), "serviceJobs/j-done/photos/front.jpg"));
      await assertSucceeds(download(karim(e), "serviceJobs/j-work/photos/front.jpg"));
      await assertSucceeds(download(asAdmin(e), "serviceJobs/j-done/photos/front.jpg"));
    });

    it("another customer, another engineer, an admin without MFA and a guest cannot read them", async function () {
      const e = storageEnv(this);
      await assertFails(download(dan(e), "serviceJobs/j-done/photos/front.jpg"));
      await assertFails(download(omar(e), "serviceJobs/j-work/photos/front.jpg"));
      await assertFails(download(asAdminWithoutMfa(e), "serviceJobs/j-done/photos/front.jpg"));
      await assertFails(download(asGuest(e), "serviceJobs/j-done/photos/front.jpg"));
    });
  });
});
