// engineers-upsert and engineers-setAvailability through the Functions emulator
// (SPEC sections 3 and 4).
import assert from "node:assert/strict";
import { anActor, profileOf } from "../support/actors";
import { assertCallableError } from "../support/callables";
import { admin, callRaw } from "../support/emulators";
import { aCustomer, anEngineer, cleanUpDispatchWorld, docData } from "./jobs.fixtures";

const anEngineerProfile = (uid: string, overrides: Record<string, unknown> = {}) => ({
  uid,
  displayName: "Eng. Sara Fathy",
  skills: ["inspection", "repair"],
  governorate: "Port Said",
  phone: "01001234567",
  ...overrides,
});

describe("engineers", () => {
  afterEach(cleanUpDispatchWorld);

  describe("engineers-upsert", () => {
    it("an admin with MFA makes a customer an engineer: claim, role mirror, off-duty profile, phone encrypted, audited", async () => {
      const anAdmin = await anActor({ role: "admin" });
      const future = await aCustomer();
      await profileOf(future.uid);
      const { result, error } = await callRaw("engineers-upsert", anEngineerProfile(future.uid), anAdmin.idToken);
      assert.deepEqual(result, { ok: true }, JSON.stringify(error));

      assert.equal((await admin().auth.getUser(future.uid)).customClaims?.role, "engineer");
      assert.equal((await docData(`users/${future.uid}`)).role, "engineer");
      const engineer = await docData(`engineers/${future.uid}`);
      assert.equal(engineer.displayName, "Eng. Sara Fathy");
      assert.deepEqual(engineer.skills, ["inspection", "repair"]);
      assert.equal(engineer.governorate, "port_said");
      assert.equal(engineer.availability, "off_duty");
      assert.equal(engineer.online, false);
      assert.equal(engineer.activeJobId, null);
      assert.deepEqual(engineer.rating, { avg: 0, count: 0 });
      assert.deepEqual(engineer.stats, { completedJobs: 0, jobsToday: 0, jobsTodayDate: null });
      assert.equal(engineer.phone, undefined);
      const pii = await docData(`engineers/${future.uid}/private/pii`);
      assert.match(pii.phone, /^pii1\./);

      const audit = await admin().db.collection("auditLogs").where("action", "==", "user.role_change").where("target.id", "==", future.uid).get();
      assert.equal(audit.size, 1);
      const entry = audit.docs[0].data();
      assert.equal(entry.outcome, "success");
      assert.deepEqual(entry.changes.from, "customer");
      assert.ok(!JSON.stringify(entry).includes("1001234567"), "no phone in the audit log");
    });

    it("a second upsert updates the profile and keeps availability, counters and the job held", async () => {
      const anAdmin = await anActor({ role: "admin" });
      const engineer = await anEngineer({ governorate: "giza", availability: "on_job", activeJobId: "job-held", jobsToday: 2 });
      const { error } = await callRaw("engineers-upsert", anEngineerProfile(engineer.uid, { skills: ["maintenance"], governorate: "cairo" }), anAdmin.idToken);
      assert.equal(error, undefined, JSON.stringify(error));
      const updated = await docData(`engineers/${engineer.uid}`);
      assert.deepEqual(updated.skills, ["maintenance"]);
      assert.equal(updated.governorate, "cairo");
      assert.equal(updated.availability, "on_job");
      assert.equal(updated.activeJobId, "job-held");
      assert.equal(updated.stats.jobsToday, 2);
    });

    it("a new engineer who is already online in presence starts online", async () => {
      const anAdmin = await anActor({ role: "admin" });
      const future = await aCustomer();
      await profileOf(future.uid);
      await admin().db.doc(`presence/${future.uid}`).set({ state: "online", lastChanged: new Date() });
      await callRaw("engineers-upsert", anEngineerProfile(future.uid), anAdmin.idToken);
      assert.equal((await docData(`engineers/${future.uid}`)).online, true);
    });

    it("a vendor or an admin cannot be made an engineer", async () => {
      const anAdmin = await anActor({ role: "admin" });
      const vendor = await anActor({ role: "vendor" });
      const { error } = await callRaw("engineers-upsert", anEngineerProfile(vendor.uid), anAdmin.idToken);
      assertCallableError(error, "FAILED_PRECONDITION", "ROLE_CONFLICT");
      const self = await callRaw("engineers-upsert", anEngineerProfile(anAdmin.uid), anAdmin.idToken);
      assertCallableError(self.error, "FAILED_PRECONDITION", "ROLE_CONFLICT");
      assert.equal((await admin().db.doc(`engineers/${vendor.uid}`).get()).exists, false);
    });

    it("an unknown user, a bad phone and no skills are refused", async () => {
      const anAdmin = await anActor({ role: "admin" });
      assertCallableError((await callRaw("engineers-upsert", anEngineerProfile("no-such-user"), anAdmin.idToken)).error, "NOT_FOUND", "NOT_FOUND");
      const bad = await callRaw("engineers-upsert", anEngineerProfile("whoever", { phone: "12", skills: [] }), anAdmin.idToken);
      assertCallableError(bad.error, "INVALID_ARGUMENT", "VALIDATION_FAILED");
      assert.ok(bad.error.details?.fields?.phone && bad.error.details.fields.skills, JSON.stringify(bad.error.details));
    });

    it("an admin without MFA and a customer are refused", async () => {
      const noMfa = await anActor({ role: "admin", mfa: false });
      const customer = await aCustomer();
      assertCallableError((await callRaw("engineers-upsert", anEngineerProfile(customer.uid), noMfa.idToken)).error, "PERMISSION_DENIED", "MFA_REQUIRED");
      assertCallableError((await callRaw("engineers-upsert", anEngineerProfile(customer.uid), customer.idToken)).error, "PERMISSION_DENIED", "ROLE_FORBIDDEN");
    });
  });

  describe("engineers-setAvailability", () => {
    it("an engineer goes available and off duty", async () => {
      const engineer = await anEngineer({ governorate: "giza", availability: "off_duty" });
      assert.deepEqual((await callRaw("engineers-setAvailability", { availability: "available" }, engineer.idToken)).result, { ok: true });
      assert.equal((await docData(`engineers/${engineer.uid}`)).availability, "available");
      assert.deepEqual((await callRaw("engineers-setAvailability", { availability: "off_duty" }, engineer.idToken)).result, { ok: true });
      assert.equal((await docData(`engineers/${engineer.uid}`)).availability, "off_duty");
    });

    it("nobody sets on_job himself", async () => {
      const engineer = await anEngineer({ governorate: "giza" });
      const { error } = await callRaw("engineers-setAvailability", { availability: "on_job" }, engineer.idToken);
      assertCallableError(error, "INVALID_ARGUMENT", "VALIDATION_FAILED");
    });

    it("an engineer holding a job cannot go off duty", async () => {
      const engineer = await anEngineer({ governorate: "giza", availability: "on_job", activeJobId: "job-held" });
      const { error } = await callRaw("engineers-setAvailability", { availability: "off_duty" }, engineer.idToken);
      assertCallableError(error, "FAILED_PRECONDITION", "ENGINEER_HAS_ACTIVE_JOB");
      assert.equal((await docData(`engineers/${engineer.uid}`)).availability, "on_job");
    });

    it("a customer cannot set availability; an engineer claim without a profile gets NOT_FOUND", async () => {
      const customer = await aCustomer();
      assertCallableError((await callRaw("engineers-setAvailability", { availability: "available" }, customer.idToken)).error, "PERMISSION_DENIED", "ROLE_FORBIDDEN");
      const bare = await anActor({ role: "engineer" });
      assertCallableError((await callRaw("engineers-setAvailability", { availability: "available" }, bare.idToken)).error, "NOT_FOUND", "NOT_FOUND");
    });
  });
});
