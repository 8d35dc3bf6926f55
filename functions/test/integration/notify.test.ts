// core/notify.ts against the Firestore emulator, with a recording push sender injected
// (SPEC section 6: notifications and FCM push to registered device tokens, sender injected).
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { notify, notifyAdmins, resetPushBreaker, setPushSender, type Notice, type PushMessage, type PushSender } from "../../src/core/notify";
import { admin } from "../support/emulators";
import { docData } from "./jobs.fixtures";

class RecordingSender implements PushSender {
  readonly sent: { tokens: string[]; message: PushMessage }[] = [];
  constructor(private readonly gone: string[] = []) {}
  async send(tokens: string[], message: PushMessage) {
    this.sent.push({ tokens: [...tokens].sort(), message });
    return { invalidTokens: tokens.filter((t) => this.gone.includes(t)) };
  }
}

const aNotice = (overrides: Partial<Notice> = {}): Notice => ({
  type: "job.accepted",
  title: { ar: "أكد المهندس طلبك", en: "Your engineer confirmed" },
  body: { ar: "سيصلك المهندس في الموعد.", en: "The engineer will come on time." },
  data: { jobId: "job-1" },
  ...overrides,
});

async function aUser(profile: Record<string, unknown>, tokens: string[] = []): Promise<string> {
  const uid = `notify-${randomUUID().slice(0, 8)}`;
  const { db } = admin();
  await db.doc(`users/${uid}`).set({ displayName: "Test", status: "active", ...profile });
  await Promise.all(tokens.map((token, i) => db.doc(`users/${uid}/devices/d${i}`).set({ token, platform: "web" })));
  return uid;
}

describe("notify", () => {
  let sender: RecordingSender;
  beforeEach(() => {
    sender = new RecordingSender(["token-gone"]);
    setPushSender(sender);
  });
  after(() => setPushSender(undefined));

  it("writes the notification in the user's locale and pushes it to every device", async () => {
    const uid = await aUser({ locale: "en" }, ["token-a", "token-b"]);
    await notify(uid, aNotice());
    const inbox = await admin().db.collection(`users/${uid}/notifications`).get();
    assert.equal(inbox.size, 1);
    const stored = inbox.docs[0].data();
    assert.equal(stored.type, "job.accepted");
    assert.equal(stored.title, "Your engineer confirmed");
    assert.equal(stored.body, "The engineer will come on time.");
    assert.deepEqual(stored.data, { jobId: "job-1" });
    assert.equal(stored.read, false);
    assert.ok(stored.createdAt);
    assert.deepEqual(sender.sent, [{ tokens: ["token-a", "token-b"], message: { title: "Your engineer confirmed", body: "The engineer will come on time.", data: { jobId: "job-1" } } }]);
  });

  it("speaks Arabic when the profile says ar or says nothing", async () => {
    const arabic = await aUser({ locale: "ar" });
    const unknown = await aUser({});
    await notify(arabic, aNotice(), { id: "n1" });
    await notify(unknown, aNotice(), { id: "n1" });
    assert.equal((await docData(`users/${arabic}/notifications/n1`)).title, "أكد المهندس طلبك");
    assert.equal((await docData(`users/${unknown}/notifications/n1`)).title, "أكد المهندس طلبك");
    assert.equal(sender.sent.length, 0, "no devices, no push");
  });

  it("the same id twice writes and pushes once", async () => {
    const uid = await aUser({ locale: "en" }, ["token-a"]);
    assert.equal(await notify(uid, aNotice(), { id: "job-1-accepted-1" }), true);
    assert.equal(await notify(uid, aNotice({ title: { ar: "x", en: "changed" } }), { id: "job-1-accepted-1" }), false);
    assert.equal((await docData(`users/${uid}/notifications/job-1-accepted-1`)).title, "Your engineer confirmed");
    assert.equal(sender.sent.length, 1);
  });

  it("a token the push service calls gone loses its device document", async () => {
    const uid = await aUser({ locale: "en" }, ["token-ok", "token-gone"]);
    await notify(uid, aNotice());
    const devices = await admin().db.collection(`users/${uid}/devices`).get();
    assert.deepEqual(devices.docs.map((d) => d.get("token")), ["token-ok"]);
  });

  it("a failing push sender never fails the notification", async () => {
    setPushSender({ send: async () => Promise.reject(new Error("FCM down")) });
    const uid = await aUser({ locale: "en" }, ["token-a"]);
    assert.equal(await notify(uid, aNotice(), { id: "n-fcm-down" }), true);
    assert.equal((await docData(`users/${uid}/notifications/n-fcm-down`)).read, false);
  });

  it("FCM hanging: the notification is written, the push gives up at its deadline, and once the breaker opens FCM is not called", async () => {
    resetPushBreaker({ timeoutMs: 100, volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeoutMs: 60_000, rollingWindowMs: 60_000 });
    let pushes = 0;
    setPushSender({ send: () => new Promise(() => void (pushes += 1)) });
    try {
      const uid = await aUser({ locale: "en" }, ["token-a"]);
      for (const id of ["n-hang-1", "n-hang-2", "n-hang-3"]) {
        const started = Date.now();
        assert.equal(await notify(uid, aNotice(), { id }), true);
        assert.ok(Date.now() - started < 3000, `notify returned after ${Date.now() - started} ms`);
        assert.equal((await docData(`users/${uid}/notifications/${id}`)).read, false);
      }
      assert.equal(pushes, 2, "the third push was skipped by the open breaker");
    } finally {
      resetPushBreaker();
    }
  });

  it("notifyAdmins reaches every active admin and nobody else", async () => {
    const activeAdmin = await aUser({ role: "admin", locale: "en" });
    const suspendedAdmin = await aUser({ role: "admin", status: "suspended" });
    const customer = await aUser({ role: "customer" });
    const id = `alert-${randomUUID().slice(0, 8)}`;
    await notifyAdmins(aNotice({ type: "job.no_engineer" }), { id });
    assert.equal((await docData(`users/${activeAdmin}/notifications/${id}`)).type, "job.no_engineer");
    assert.equal((await admin().db.doc(`users/${suspendedAdmin}/notifications/${id}`).get()).exists, false);
    assert.equal((await admin().db.doc(`users/${customer}/notifications/${id}`).get()).exists, false);
  });
});
