// firestore.rules: engineers/{uid} (+ private), serviceJobs/{jobId}, presence/{uid}
// (SPEC section 3: engineers and presence read by signed-in users; a job read by its
// customer, its assigned engineer and MFA admins; all three written by the server only).
import { assertFails, assertSucceeds } from "@firebase/rules-unit-testing";
import { collection, deleteDoc, doc, getDoc, getDocs, query, setDoc, updateDoc, where } from "firebase/firestore";
import { aPresence, aServiceJob, anEngineerDoc } from "./builders";
import { asAdmin, asAdminWithoutMfa, asGuest, asUser, db, useFirestoreRules } from "../support/rulesEnv";

describe("firestore rules: engineers, serviceJobs, presence", () => {
  const env = useFirestoreRules(() => ({
    "engineers/engineer-1": anEngineerDoc(),
    "engineers/engineer-1/private/pii": { phone: "pii1.1.aXY.dGFn.ZGF0YQ" },
    "engineers/engineer-2": anEngineerDoc({ displayName: "Eng. Sara", availability: "off_duty" }),
    "serviceJobs/job-1": aServiceJob(),
    "serviceJobs/job-2": aServiceJob({ customerId: "customer-2", engineerId: "engineer-2" }),
    "serviceJobs/job-3": aServiceJob({ status: "requested", engineerId: null, declinedBy: ["engineer-1"] }),
    "presence/engineer-1": aPresence(),
  }));

  const customer1 = () => db(asUser(env(), "customer-1"));
  const customer2 = () => db(asUser(env(), "customer-2"));
  const engineer1 = () => db(asUser(env(), "engineer-1", "engineer"));
  const jobs = (firestore: ReturnType<typeof db>) => collection(firestore, "serviceJobs");

  describe("engineers/{uid}", () => {
    it("a signed-in customer can read an engineer's profile and list engineers", async () => {
      await assertSucceeds(getDoc(doc(customer1(), "engineers/engineer-1")));
      await assertSucceeds(getDocs(query(collection(customer1(), "engineers"), where("governorate", "==", "alexandria"))));
    });

    it("a guest cannot read an engineer", async () => {
      await assertFails(getDoc(doc(db(asGuest(env())), "engineers/engineer-1")));
    });

    it("an engineer cannot change his own availability, online flag or job from the client", async () => {
      await assertFails(updateDoc(doc(engineer1(), "engineers/engineer-1"), { availability: "off_duty" }));
      await assertFails(updateDoc(doc(engineer1(), "engineers/engineer-1"), { online: false }));
      await assertFails(updateDoc(doc(engineer1(), "engineers/engineer-1"), { activeJobId: null }));
    });

    it("nobody creates or deletes an engineer from the client, not even an MFA admin", async () => {
      await assertFails(setDoc(doc(customer1(), "engineers/customer-1"), anEngineerDoc()));
      await assertFails(setDoc(doc(db(asAdmin(env())), "engineers/engineer-3"), anEngineerDoc()));
      await assertFails(deleteDoc(doc(db(asAdmin(env())), "engineers/engineer-1")));
    });

    it("nobody reads or writes an engineer's private PII, not even himself or an admin", async () => {
      await assertFails(getDoc(doc(engineer1(), "engineers/engineer-1/private/pii")));
      await assertFails(getDoc(doc(db(asAdmin(env())), "engineers/engineer-1/private/pii")));
      await assertFails(setDoc(doc(engineer1(), "engineers/engineer-1/private/pii"), { phone: "+201000000000" }));
    });
  });

  describe("serviceJobs/{jobId}", () => {
    it("the customer reads her job and lists her jobs", async () => {
      await assertSucceeds(getDoc(doc(customer1(), "serviceJobs/job-1")));
      await assertSucceeds(getDocs(query(jobs(customer1()), where("customerId", "==", "customer-1"))));
    });

    it("a customer cannot read another customer's job, nor list them", async () => {
      await assertFails(getDoc(doc(customer2(), "serviceJobs/job-1")));
      await assertFails(getDocs(query(jobs(customer2()), where("customerId", "==", "customer-1"))));
    });

    it("the assigned engineer reads the job and lists his assigned jobs", async () => {
      await assertSucceeds(getDoc(doc(engineer1(), "serviceJobs/job-1")));
      await assertSucceeds(getDocs(query(jobs(engineer1()), where("engineerId", "==", "engineer-1"))));
    });

    it("an engineer cannot read a job assigned to someone else, nor one he declined", async () => {
      await assertFails(getDoc(doc(engineer1(), "serviceJobs/job-2")));
      await assertFails(getDoc(doc(engineer1(), "serviceJobs/job-3")));
      await assertFails(getDocs(query(jobs(engineer1()), where("engineerId", "==", "engineer-2"))));
    });

    it("an unconstrained list of jobs is denied to customers and engineers", async () => {
      await assertFails(getDocs(jobs(customer1())));
      await assertFails(getDocs(jobs(engineer1())));
      await assertFails(getDocs(query(jobs(customer1()), where("status", "==", "assigned"))));
    });

    it("an MFA admin reads and lists every job; an admin without MFA does not", async () => {
      await assertSucceeds(getDoc(doc(db(asAdmin(env())), "serviceJobs/job-2")));
      await assertSucceeds(getDocs(jobs(db(asAdmin(env())))));
      await assertFails(getDoc(doc(db(asAdminWithoutMfa(env())), "serviceJobs/job-2")));
      await assertFails(getDocs(jobs(db(asAdminWithoutMfa(env())))));
    });

    it("a guest cannot read a job", async () => {
      await assertFails(getDoc(doc(db(asGuest(env())), "serviceJobs/job-1")));
    });

    it("nobody writes a job from the client: not the customer, the engineer or an admin", async () => {
      await assertFails(setDoc(doc(customer1(), "serviceJobs/job-new"), aServiceJob({ status: "requested", engineerId: null })));
      await assertFails(updateDoc(doc(customer1(), "serviceJobs/job-1"), { status: "cancelled" }));
      await assertFails(updateDoc(doc(engineer1(), "serviceJobs/job-1"), { status: "accepted" }));
      await assertFails(updateDoc(doc(engineer1(), "serviceJobs/job-1"), { price: 1 }));
      await assertFails(updateDoc(doc(db(asAdmin(env())), "serviceJobs/job-1"), { engineerId: "engineer-2" }));
      await assertFails(deleteDoc(doc(customer1(), "serviceJobs/job-1")));
    });
  });

  describe("presence/{uid}", () => {
    it("a signed-in user reads anyone's presence", async () => {
      await assertSucceeds(getDoc(doc(customer1(), "presence/engineer-1")));
      await assertSucceeds(getDocs(collection(customer1(), "presence")));
    });

    it("a guest cannot read presence", async () => {
      await assertFails(getDoc(doc(db(asGuest(env())), "presence/engineer-1")));
    });

    it("nobody writes presence from the client, not even their own (it mirrors the Realtime Database)", async () => {
      await assertFails(setDoc(doc(engineer1(), "presence/engineer-1"), aPresence({ state: "offline" })));
      await assertFails(setDoc(doc(customer1(), "presence/customer-1"), aPresence()));
      await assertFails(deleteDoc(doc(engineer1(), "presence/engineer-1")));
    });
  });
});
