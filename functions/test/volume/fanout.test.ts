// Volume: a vendor change fanned out to 1,200 listings (issue 3). It runs after the other
// emulated suites because its 2,400 trigger events keep the Functions emulator busy for a
// while, and tests behind that queue would measure the queue instead of themselves.
import { aSettledListingDoc, aVendor } from "../support/catalogue";
import { admin, eventually } from "../support/emulators";

describe("vendor fan-out at volume", () => {
  it("a vendor rename reaches all of 1,200 listings", async function () {
    this.timeout(300000);
    const vendor = await aVendor("approved", { displayName: "Alex Auto" });
    const { db } = admin();
    const summary = { displayName: "Alex Auto", type: "dealer", rating: { avg: 4.5, count: 10 } };
    const writer = db.bulkWriter();
    for (let i = 0; i < 1200; i += 1) {
      void writer.set(db.doc(`listings/bulk-${vendor.uid}-${String(i).padStart(4, "0")}`), aSettledListingDoc(vendor.uid, summary, { status: i % 2 ? "active" : "archived" }));
    }
    await writer.close();
    const started = Date.now();
    await db.doc(`vendors/${vendor.uid}`).update({ displayName: "Alexandria Auto Group" });
    const renamed = () => db.collection("listings").where("vendorId", "==", vendor.uid).where("vendor.displayName", "==", "Alexandria Auto Group").count().get();
    await eventually("1,200 renamed listings", async () => ((await renamed()).data().count === 1200 ? true : undefined), 240000);
    console.log(`      fan-out of a rename to 1,200 listings took ${Date.now() - started} ms in the emulator`);
  });
});
