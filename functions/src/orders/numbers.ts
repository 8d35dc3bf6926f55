// Order identity. The document id comes from the buyer and their idempotencyKey, so a
// retried orders-create finds the order it already made inside the same transaction. The
// human-readable number ("SK-261126-7K4M9Q": Cairo date, six characters without look-alikes
// such as 0/O and 1/I) is random and reserved under orderNumbers/{number}, so it is unique
// without a shared counter that every checkout would contend on.
import { createHash, randomInt } from "node:crypto";
import { cairoDay } from "../core/time";

const NUMBER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
const NUMBER_LENGTH = 6;

export function orderIdFor(buyerId: string, idempotencyKey: string): string {
  return `o_${createHash("sha256").update(`${buyerId}\n${idempotencyKey}`).digest("hex").slice(0, 24)}`;
}

export function newOrderNumber(nowMs: number): string {
  const day = cairoDay(nowMs).slice(2).replace(/-/g, "");
  let suffix = "";
  for (let i = 0; i < NUMBER_LENGTH; i += 1) suffix += NUMBER_ALPHABET[randomInt(NUMBER_ALPHABET.length)];
  return `SK-${day}-${suffix}`;
}

export const ORDER_NUMBER_PATTERN = /^SK-\d{6}-[2-9A-HJKMNP-Z]{6}$/;
