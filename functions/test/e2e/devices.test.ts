// Devices and push end to end (SPEC sections 3 and 6, issue 11): a buyer signs up through
// the Firebase web SDK and registers a device under the rules, as the web app's
// registerDevice does (client/src/index.ts); a change of their order reaches the injected
// push sender with exactly that token. The Functions emulator's own order trigger never
// pushes (it logs push.skipped_in_emulator), so for the order change the live triggers are
// paused and the exported trigger runs in process, with a recording sender, on the real
// event: the order read back from the emulator before and after the vendor's call.
import assert from "node:assert/strict";
import { createHash, randomUUID } from "node:crypto";
import { createUserWithEmailAndPassword, signInWithEmailAndPassword } from "firebase/auth";
import { deleteDoc, doc, getDoc, serverTimestamp, setDoc } from "firebase/firestore";
import { setPushSender, type PushMessage, type PushSender } from "../../src/core/notify";
import { onOrderWritten } from "../../src/orders/triggers";
import { PASSWORD, profileOf } from "../support/actors";
import { admin, setBackgroundTriggers, uniqueEmail } from "../support/emulators";
import { useWebClients } from "../support/webClient";
import { aCarForSale, ORDER_TEST_TIMEOUT_MS } from "../integration/orders.fixtures";

type Runnable = { run(event: unknown): Promise<unknown> };

class RecordingSender implements PushSender {
  readonly sent: { tokens: string[]; message: PushMessage }[] = [];
  async send(tokens: string[], message: PushMessage) {
    this.sent.push({ tokens: [...tokens], message });
    return { invalidTokens: [] };
  }
}

/** The device id the web app derives from the token (client/src/index.ts deviceIdOf). */
const deviceIdOf = (token: string) => createHash("sha256").update(token).digest("hex").slice(0, 32);

describe("a device registered through the web SDK gets the push of an order change", () => {
  const aClient = useWebClients();
  let sender: RecordingSender;
  beforeEach(() => {
    sender = new RecordingSender();
    setPushSender(sender);
  });
  afterEach(async () => {
    setPushSender(undefined);
    await setBackgroundTriggers(true);
  });

  it("sign up, register the device under the rules, order; the vendor confirms and the sender is called with that token", async function () {
    this.timeout(ORDER_TEST_TIMEOUT_MS);
    const { listingId, vendor } = await aCarForSale(48_000_000);

    const buyerApp = aClient();
    const buyer = (await createUserWithEmailAndPassword(buyerApp.auth, uniqueEmail("e2e-device"), PASSWORD)).user;
    await profileOf(buyer.uid);
    const token = `fcm-web-${randomUUID()}:${randomUUID()}`;
    const deviceRef = doc(buyerApp.db, "users", buyer.uid, "devices", deviceIdOf(token));
    await setDoc(deviceRef, { token, platform: "web", createdAt: serverTimestamp(), lastSeenAt: serverTimestamp() });
    assert.equal((await getDoc(deviceRef)).get("token"), token, "the owner reads the device back under the rules");

    const { orderId } = await buyerApp.call<{ orderId: string }>("orders-create", {
      listingId,
      fulfillment: { method: "pickup" },
      paymentMethod: "cod",
      idempotencyKey: randomUUID(),
    });

    // The vendor confirms from their app; the order trigger hears of it in process only.
    await setBackgroundTriggers(false);
    const orderRef = admin().db.doc(`orders/${orderId}`);
    const before = await orderRef.get();
    const vendorApp = aClient();
    await signInWithEmailAndPassword(vendorApp.auth, vendor.email, PASSWORD);
    assert.deepEqual((await vendorApp.call<{ status: string }>("orders-updateStatus", { orderId, status: "confirmed" })).status, "confirmed");
    const after = await orderRef.get();
    assert.equal(before.get("status"), "placed");
    await (onOrderWritten as unknown as Runnable).run({ id: `evt-${randomUUID()}`, time: new Date().toISOString(), params: { orderId }, data: { before, after } });

    const toBuyer = sender.sent.filter((s) => s.tokens.includes(token));
    assert.equal(toBuyer.length, 1, `one push to the registered token; sent: ${JSON.stringify(sender.sent.map((s) => s.message.title))}`);
    assert.deepEqual(toBuyer[0].tokens, [token], "only the buyer's own device");
    assert.equal(toBuyer[0].message.data.orderId, orderId);
    assert.match(toBuyer[0].message.body, new RegExp(String(after.get("number"))));

    // The owner removes the device again under the rules.
    await deleteDoc(deviceRef);
    assert.equal((await admin().db.doc(`users/${buyer.uid}/devices/${deviceIdOf(token)}`).get()).exists, false);
  });
});
