// A service job end to end through the Firebase web SDK, as the customer's and the
// engineer's apps do it (SPEC sections 3, 4, 6): request, dispatch to the online engineer,
// accept, start, complete, the engineer available again, and the customer reading the
// report and the notifications under the security rules.
// Presence: no Realtime Database emulator runs on these machines, so the engineer's
// "online" comes from the presence mirror's core, fed the value his client would write to
// /status/{uid} (the trigger itself is tested in test/integration/presence.test.ts).
import assert from "node:assert/strict";
import { createUserWithEmailAndPassword } from "firebase/auth";
import { collection, doc, getDoc, getDocs, query, where } from "firebase/firestore";
import { mirrorPresence } from "../../src/presence/triggers";
import { anActor, PASSWORD, profileOf } from "../support/actors";
import { callRaw, eventually, uniqueEmail } from "../support/emulators";
import { useWebClients } from "../support/webClient";
import { aJobRequest, cleanUpDispatchWorld, track, TRIGGER_DEADLINE_MS, TRIGGER_TEST_TIMEOUT_MS } from "../integration/jobs.fixtures";

describe("a service job through the web SDK", () => {
  const aClient = useWebClients();
  after(async () => {
    await cleanUpDispatchWorld();
  });

  it("a customer's inspection is dispatched to the online engineer, done, and reported back", async function () {
    this.timeout(TRIGGER_TEST_TIMEOUT_MS);
    // The engineer signs up, an admin makes him an engineer, he comes online and on duty.
    const engineerApp = aClient();
    const engineer = (await createUserWithEmailAndPassword(engineerApp.auth, uniqueEmail("e2e-engineer"), PASSWORD)).user;
    track("engineer", engineer.uid);
    await profileOf(engineer.uid);
    const anAdmin = await anActor({ role: "admin" });
    const upsert = await callRaw("engineers-upsert", { uid: engineer.uid, displayName: "م. كريم حسن", skills: ["inspection"], governorate: "cairo", phone: "01001234567" }, anAdmin.idToken);
    assert.deepEqual(upsert.result, { ok: true }, JSON.stringify(upsert.error));
    await engineer.getIdToken(true); // the new role claim, as the app does after a promotion
    await mirrorPresence(engineer.uid, { state: "online", lastChanged: Date.now() });
    assert.deepEqual(await engineerApp.call("engineers-setAvailability", { availability: "available" }), { ok: true });

    // The customer signs up and asks for an inspection.
    const customerApp = aClient();
    const customer = (await createUserWithEmailAndPassword(customerApp.auth, uniqueEmail("e2e-customer"), PASSWORD)).user;
    track("customer", customer.uid);
    const started = Date.now();
    const { jobId, status } = await customerApp.call<{ jobId: string; status: string }>("jobs-request", aJobRequest({ governorate: "Cairo", city: "Heliopolis" }));
    console.log(`      request to dispatch, seen by the customer's app: ${Date.now() - started} ms`);
    assert.equal(status, "assigned");

    // The engineer sees the job assigned to him (rules: the assigned engineer reads it) and his inbox.
    const assigned = (await getDoc(doc(engineerApp.db, "serviceJobs", jobId))).data();
    assert.equal(assigned?.engineerId, engineer.uid);
    const mine = await getDocs(query(collection(engineerApp.db, "serviceJobs"), where("engineerId", "==", engineer.uid)));
    assert.deepEqual(mine.docs.map((d) => d.id), [jobId]);
    await eventually(
      "the engineer's new-job notification",
      async () => {
        const inbox = await getDocs(collection(engineerApp.db, "users", engineer.uid, "notifications"));
        return inbox.docs.find((d) => d.get("type") === "job.assigned" && d.get("data.jobId") === jobId);
      },
      TRIGGER_DEADLINE_MS,
    );
    console.log(`      request to the engineer's notification: ${Date.now() - started} ms`);

    // He accepts (and learns the address), starts and completes.
    const accepted = await engineerApp.call<{ status: string; address: string }>("jobs-respond", { jobId, accept: true });
    assert.deepEqual(accepted, { status: "accepted", address: "12 Mesaha Square, Dokki" });
    assert.deepEqual(await engineerApp.call("jobs-start", { jobId }), { status: "in_progress" });
    const report = { summary: "Good condition. Timing belt due in 5,000 km.", findings: ["Timing belt wear", "Rear tyres 60%"] };
    assert.deepEqual(await engineerApp.call("jobs-complete", { jobId, report, price: 75000 }), { status: "completed" });

    // He is available again (engineers are readable by signed-in users).
    const himself = (await getDoc(doc(customerApp.db, "engineers", engineer.uid))).data();
    assert.equal(himself?.availability, "available");
    assert.equal(himself?.activeJobId, null);

    // The customer reads the job with its report, and her notifications, under the rules.
    const done = (await getDoc(doc(customerApp.db, "serviceJobs", jobId))).data();
    assert.equal(done?.status, "completed");
    assert.deepEqual(done?.report, { ...report, photos: [] });
    assert.equal(done?.price, 75000);
    const types = await eventually(
      "the customer's notifications up to completion",
      async () => {
        const inbox = await getDocs(collection(customerApp.db, "users", customer.uid, "notifications"));
        const seen = inbox.docs.filter((d) => d.get("data.jobId") === jobId).map((d) => d.get("type") as string);
        return seen.length === 4 ? seen.sort() : undefined;
      },
      TRIGGER_DEADLINE_MS,
    );
    assert.deepEqual(types, ["job.accepted", "job.completed", "job.engineer_assigned", "job.started"]);
    const completed = (await getDocs(query(collection(customerApp.db, "users", customer.uid, "notifications"), where("type", "==", "job.completed")))).docs[0].data();
    assert.equal(completed.title, "تقريرك جاهز", "in Arabic, the default locale");

    // Nobody else reads her job.
    const strangerApp = aClient();
    await createUserWithEmailAndPassword(strangerApp.auth, uniqueEmail("e2e-stranger"), PASSWORD);
    await assert.rejects(getDoc(doc(strangerApp.db, "serviceJobs", jobId)), /permission/i);
  });
});
