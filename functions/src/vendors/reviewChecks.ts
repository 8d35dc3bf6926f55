// Which reviews count in a vendor's rating (issue 10, finding 2: a vendor bought its own
// part from a second account with cash on delivery, marked it delivered, reviewed it 5
// stars and restocked; three rounds gave a 5.0 rating). A review counts ("published") only
// when:
//  - the order's money was really collected (orders' payment.collectedBy): a card payment
//    the provider's signed webhook confirmed, or cash the BUYER confirmed receiving
//    (orders-confirmReceipt). The vendor's "delivered" alone, or the 3-day auto-complete
//    after it, proves nothing: the vendor can do both alone;
//  - and buyer and vendor share no self-dealing signal: a device token, a phone number
//    (decrypted and compared as digits), or an IP address their consent records were made
//    from (the terms consent is recorded at sign-up, so this is the sign-up IP). A new
//    buyer is not suspicious by itself, and nothing here looks at account age.
// Otherwise the review is "held" for moderation: the public rating ignores it. The reasons
// go to the audit log (review.hold), never onto the public review. The payment instrument
// named by the issue is not compared: the provider's events carry no instrument fingerprint
// (SPEC section 5), so there is nothing to compare yet.
import { piiCipher } from "../core/keys";
import { db } from "../core/firebase";

export type { ReviewStatus } from "./model";
export type HoldReason = "MONEY_NOT_COLLECTED" | "SHARED_DEVICE" | "SHARED_PHONE" | "SHARED_SIGNUP_IP";

/** What is known about one side (buyer or vendor): values only compared, never stored or logged. */
export interface PartySignals {
  deviceTokens: readonly string[];
  phones: readonly string[];
  ips: readonly string[];
}

export interface ReviewFacts {
  collected: boolean;
  buyer: PartySignals;
  vendor: PartySignals;
}

const shares = (a: readonly string[], b: readonly string[]) => a.some((value) => value !== "" && b.includes(value));

/** Phone numbers compared by their last 10 digits (+20 10..., 0020 10..., 010... are one number). */
export function phoneKey(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  return digits.length >= 10 ? digits.slice(-10) : "";
}

/** Why a review is held (pure); empty: it counts. */
export function holdReasons(facts: ReviewFacts): HoldReason[] {
  const reasons: HoldReason[] = [];
  if (!facts.collected) reasons.push("MONEY_NOT_COLLECTED");
  if (shares(facts.buyer.deviceTokens, facts.vendor.deviceTokens)) reasons.push("SHARED_DEVICE");
  if (shares(facts.buyer.phones.map(phoneKey), facts.vendor.phones.map(phoneKey))) reasons.push("SHARED_PHONE");
  if (shares(facts.buyer.ips, facts.vendor.ips)) reasons.push("SHARED_SIGNUP_IP");
  return reasons;
}

/** The order behind the review was this buyer's with this vendor, and its money was collected and kept. */
async function moneyCollected(vendorId: string, orderId: string, buyerId: string): Promise<boolean> {
  const order = await db().collection("orders").doc(orderId).get();
  if (!order.exists || order.get("vendorId") !== vendorId || order.get("buyerId") !== buyerId) return false;
  const collectedBy = order.get("payment.collectedBy");
  return (collectedBy === "provider" || collectedBy === "buyer") && order.get("payment.status") !== "refunded";
}

async function decrypted(ciphertexts: unknown[]): Promise<string[]> {
  const present = ciphertexts.filter((c): c is string => typeof c === "string" && c.length > 0);
  return Promise.all(present.map((c) => piiCipher().decrypt(c)));
}

/** Device tokens, phones (decrypted) and consent IPs of `uid`; a vendor's KYC phone too. */
async function signalsOf(uid: string, kycPath?: string): Promise<PartySignals> {
  const user = db().collection("users").doc(uid);
  const [devices, consents, pii, kyc] = await Promise.all([
    user.collection("devices").get(),
    user.collection("consents").get(),
    user.collection("private").doc("pii").get(),
    kycPath ? db().doc(kycPath).get() : undefined,
  ]);
  return {
    deviceTokens: devices.docs.map((d) => String(d.get("token") ?? "")),
    ips: consents.docs.map((d) => String(d.get("ip") ?? "")),
    phones: await decrypted([pii.get("phone"), kyc?.get("phone")]),
  };
}

export async function reviewFactsOf(vendorId: string, orderId: string, buyerId: string): Promise<ReviewFacts> {
  const [collected, buyer, vendor] = await Promise.all([
    moneyCollected(vendorId, orderId, buyerId),
    signalsOf(buyerId),
    signalsOf(vendorId, `vendors/${vendorId}/private/kyc`),
  ]);
  return { collected, buyer, vendor };
}
