// firestore.rules: vendors/{vendorId} and vendors/{vendorId}/private/{doc}
// (SPEC section 3: anyone reads an approved vendor, the owner and an admin (MFA) always;
// only the server writes; KYC is read by nobody).
import { assertFails, assertSucceeds } from "@firebase/rules-unit-testing";
import { collection, deleteDoc, doc, getDoc, getDocs, query, setDoc, updateDoc, where } from "firebase/firestore";
import { aVendorDoc } from "./builders";
import { asAdmin, asAdminWithoutMfa, asGuest, asUser, db, useFirestoreRules } from "../support/rulesEnv";

describe("firestore rules: vendors/{vendorId}", () => {
  const env = useFirestoreRules(() => ({
    "vendors/vera": aVendorDoc({ displayName: "Vera Cars" }),
    "vendors/penny": aVendorDoc({ displayName: "Penny Parts", type: "parts_shop", status: "pending" }),
    "vendors/sam": aVendorDoc({ displayName: "Sam Autos", status: "suspended" }),
    "vendors/rita": aVendorDoc({ displayName: "Rita", type: "individual", status: "rejected" }),
    "vendors/vera/private/kyc": { nationalId: "v1:ciphertext", iban: "v1:ciphertext" },
    "vendors/rita/private/review": { decision: "reject", from: "pending", to: "rejected", reason: "Register number unreadable", by: "admin-1", at: new Date() },
  }));
  const rita = () => db(asUser(env(), "rita"));

  const guest = () => db(asGuest(env()));
  const alice = () => db(asUser(env(), "alice"));
  const vera = () => db(asUser(env(), "vera", "vendor"));
  const penny = () => db(asUser(env(), "penny"));
  const admin = () => db(asAdmin(env()));
  const adminWithoutMfa = () => db(asAdminWithoutMfa(env()));

  describe("reading one vendor", () => {
    it("a guest can read an approved vendor", async () => {
      await assertSucceeds(getDoc(doc(guest(), "vendors/vera")));
    });

    it("a guest cannot read a pending vendor", async () => {
      await assertFails(getDoc(doc(guest(), "vendors/penny")));
    });

    it("a customer cannot read a pending, suspended or rejected vendor", async () => {
      await assertFails(getDoc(doc(alice(), "vendors/penny")));
      await assertFails(getDoc(doc(alice(), "vendors/sam")));
      await assertFails(getDoc(doc(alice(), "vendors/rita")));
    });

    it("an applicant can read their own pending vendor profile", async () => {
      await assertSucceeds(getDoc(doc(penny(), "vendors/penny")));
    });

    it("a suspended vendor can still read their own profile", async () => {
      await assertSucceeds(getDoc(doc(db(asUser(env(), "sam", "vendor")), "vendors/sam")));
    });

    it("a user who has not applied can check that their own vendor profile does not exist", async () => {
      await assertSucceeds(getDoc(doc(alice(), "vendors/alice")));
    });

    it("another vendor cannot read a pending vendor", async () => {
      await assertFails(getDoc(doc(vera(), "vendors/penny")));
    });

    it("an admin signed in with a second factor can read a pending and a suspended vendor", async () => {
      await assertSucceeds(getDoc(doc(admin(), "vendors/penny")));
      await assertSucceeds(getDoc(doc(admin(), "vendors/sam")));
    });

    it("an admin without a second factor cannot read a pending vendor", async () => {
      await assertFails(getDoc(doc(adminWithoutMfa(), "vendors/penny")));
    });

    it("an admin without a second factor reads an approved vendor like anyone", async () => {
      await assertSucceeds(getDoc(doc(adminWithoutMfa(), "vendors/vera")));
    });
  });

  describe("listing vendors", () => {
    it("a guest can list vendors when the query is constrained to approved ones", async () => {
      await assertSucceeds(getDocs(query(collection(guest(), "vendors"), where("status", "==", "approved"))));
    });

    it("a guest cannot list vendors without constraining the query to approved ones", async () => {
      await assertFails(getDocs(collection(guest(), "vendors")));
    });

    it("a customer cannot list pending vendors", async () => {
      await assertFails(getDocs(query(collection(alice(), "vendors"), where("status", "==", "pending"))));
    });

    it("an admin signed in with a second factor can list the pending applications", async () => {
      await assertSucceeds(getDocs(query(collection(admin(), "vendors"), where("status", "==", "pending"))));
    });

    it("an admin without a second factor cannot list the pending applications", async () => {
      await assertFails(getDocs(query(collection(adminWithoutMfa(), "vendors"), where("status", "==", "pending"))));
    });
  });

  describe("writing", () => {
    it("a user cannot create their own vendor profile (vendors-apply does)", async () => {
      await assertFails(setDoc(doc(alice(), "vendors/alice"), aVendorDoc({ status: "pending" })));
    });

    it("an applicant cannot approve themselves", async () => {
      await assertFails(updateDoc(doc(penny(), "vendors/penny"), { status: "approved" }));
    });

    it("an approved vendor cannot edit their own profile directly (vendors-updateProfile does)", async () => {
      await assertFails(updateDoc(doc(vera(), "vendors/vera"), { displayName: "Vera Premium Cars" }));
    });

    it("an approved vendor cannot inflate their own rating", async () => {
      await assertFails(updateDoc(doc(vera(), "vendors/vera"), { rating: { avg: 5, count: 1000 } }));
    });

    it("a vendor cannot delete their own profile", async () => {
      await assertFails(deleteDoc(doc(vera(), "vendors/vera")));
    });

    it("an admin signed in with a second factor cannot write a vendor directly (vendors-review does)", async () => {
      await assertFails(updateDoc(doc(admin(), "vendors/penny"), { status: "approved" }));
      await assertFails(setDoc(doc(admin(), "vendors/new"), aVendorDoc()));
      await assertFails(deleteDoc(doc(admin(), "vendors/sam")));
    });

    it("a guest cannot write a vendor", async () => {
      await assertFails(setDoc(doc(guest(), "vendors/ghost"), aVendorDoc()));
    });
  });

  describe("vendors/{vendorId}/private/{doc}", () => {
    it("the vendor cannot read their own KYC document", async () => {
      await assertFails(getDoc(doc(vera(), "vendors/vera/private/kyc")));
    });

    it("an admin signed in with a second factor cannot read a KYC document directly", async () => {
      await assertFails(getDoc(doc(admin(), "vendors/vera/private/kyc")));
    });

    it("a guest cannot list a vendor's private documents", async () => {
      await assertFails(getDocs(collection(guest(), "vendors/vera/private")));
    });

    it("the vendor cannot write their own KYC document", async () => {
      await assertFails(setDoc(doc(vera(), "vendors/vera/private/kyc"), { nationalId: "29001011234567" }));
      await assertFails(setDoc(doc(penny(), "vendors/penny/private/kyc"), { iban: "EG380019000500000000263180002" }));
    });

    it("a rejected applicant reads their own review decision", async () => {
      await assertSucceeds(getDoc(doc(rita(), "vendors/rita/private/review")));
    });

    it("an admin signed in with a second factor reads a review decision; without one, cannot", async () => {
      await assertSucceeds(getDoc(doc(admin(), "vendors/rita/private/review")));
      await assertFails(getDoc(doc(adminWithoutMfa(), "vendors/rita/private/review")));
    });

    it("a guest, a customer and another vendor cannot read someone's review decision", async () => {
      for (const as of [guest(), alice(), vera()]) await assertFails(getDoc(doc(as, "vendors/rita/private/review")));
    });

    it("the vendor cannot write their own review decision", async () => {
      await assertFails(setDoc(doc(rita(), "vendors/rita/private/review"), { decision: "approve", reason: null }));
      await assertFails(updateDoc(doc(rita(), "vendors/rita/private/review"), { reason: null }));
    });

    it("an admin signed in with a second factor cannot write a KYC document", async () => {
      await assertFails(updateDoc(doc(admin(), "vendors/vera/private/kyc"), { iban: "v1:other" }));
    });
  });
});
