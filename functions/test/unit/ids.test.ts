// Issue 10 finding 3: one document id rule (shared/ids.ts) for every id a callable takes,
// every id in a webhook event and every id in an API path or cursor. Each hostile id of the
// attack ("/", "__x__", ".", "..", "o_X/events/placed") is a VALIDATION_FAILED naming the
// field, decided before any Firestore read, instead of `internal`.
import assert from "node:assert/strict";
import type { z } from "zod";
import { errors, fieldErrorsOf } from "../../src/core/errors";
import { UpsertEngineerInput } from "../../src/engineers/schema";
import { AssignJobInput, CancelJobInput, CompleteJobInput, RequestJobInput, RespondJobInput, StartJobInput } from "../../src/jobs/schema";
import { ModerateListingInput } from "../../src/listings/schema";
import { CancelOrderInput, ConfirmReceiptInput, CreateOrderInput, RefundOrderInput, StartCheckoutInput, UpdateOrderStatusInput } from "../../src/orders/schema";
import { InvalidWebhookEvent, parsePaymentEvent } from "../../src/paymentProviders/contract";
import { isDocumentId } from "../../src/shared/ids";
import { SetRoleInput, SetStatusInput } from "../../src/users/schema";
import { ModerateReviewInput, ReviewVendorInput } from "../../src/vendors/schema";

const HOSTILE = ["/", "a/b", "__x__", "__proto__", ".", "..", "o_X/events/placed", "", " abc", "x".repeat(65), "é", "a.b", "%2F"];
const REAL = ["o_0123456789abcdef01234567", "Xq3ZrT8yN1aB2cD3eF4gH5iJ6kL7", "AbCdEfGhIjKlMnOpQrSt", "evt_fake_0123456789abcdef01234567", "car-1a2b3c4d", "x".repeat(64)];

/** Each callable input with its id fields: [name, schema, a valid input, the id paths]. */
const CASES: [string, z.ZodType, Record<string, unknown>, string[][]][] = [
  ["orders-create", CreateOrderInput, { listingId: "l1", fulfillment: { method: "pickup" }, paymentMethod: "cod", idempotencyKey: "key-00000001" }, [["listingId"]]],
  ["orders-cancel", CancelOrderInput, { orderId: "o1", reason: "changed my mind" }, [["orderId"]]],
  ["orders-updateStatus", UpdateOrderStatusInput, { orderId: "o1", status: "confirmed" }, [["orderId"]]],
  ["orders-confirmReceipt", ConfirmReceiptInput, { orderId: "o1" }, [["orderId"]]],
  ["orders-refund", RefundOrderInput, { orderId: "o1", reason: "complaint" }, [["orderId"]]],
  ["payments-startCheckout", StartCheckoutInput, { orderId: "o1" }, [["orderId"]]],
  ["jobs-request", RequestJobInput, { type: "inspection", vehicle: { make: "Kia", model: "Rio", year: 2018 }, listingId: "l1", governorate: "cairo", city: "Cairo", address: "12 Tahrir St", preferredAt: "2030-01-01T10:00:00Z", idempotencyKey: "job-key-1" }, [["listingId"]]],
  ["jobs-assign", AssignJobInput, { jobId: "j1", engineerId: "e1" }, [["jobId"], ["engineerId"]]],
  ["jobs-respond", RespondJobInput, { jobId: "j1", accept: true }, [["jobId"]]],
  ["jobs-start", StartJobInput, { jobId: "j1" }, [["jobId"]]],
  ["jobs-complete", CompleteJobInput, { jobId: "j1", report: { summary: "ok" } }, [["jobId"]]],
  ["jobs-cancel", CancelJobInput, { jobId: "j1", reason: "not needed" }, [["jobId"]]],
  ["listings-moderate", ModerateListingInput, { listingId: "l1", decision: "approve" }, [["listingId"]]],
  ["vendors-review", ReviewVendorInput, { vendorId: "v1", decision: "approve" }, [["vendorId"]]],
  ["vendors-moderateReview", ModerateReviewInput, { vendorId: "v1", orderId: "o1", decision: "publish", reason: "checked by phone" }, [["vendorId"], ["orderId"]]],
  ["users-setRole", SetRoleInput, { uid: "u1", role: "vendor" }, [["uid"]]],
  ["users-setStatus", SetStatusInput, { uid: "u1", status: "suspended", reason: "fraud report" }, [["uid"]]],
  ["engineers-upsert", UpsertEngineerInput, { uid: "u1", displayName: "Eng", skills: ["repair"], governorate: "cairo", phone: "+201001234567" }, [["uid"]]],
];

function withValue(input: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  return { ...input, [path[0]]: value };
}

describe("document ids", () => {
  it("real ids pass: order ids, Auth uids, auto ids, provider event ids, 64 characters", () => {
    for (const id of REAL) assert.ok(isDocumentId(id), id);
  });

  it("hostile ids fail: paths, dots, reserved __x__, empty, too long, outside [A-Za-z0-9_-]", () => {
    for (const id of HOSTILE) assert.ok(!isDocumentId(id), JSON.stringify(id));
    for (const value of [42, null, undefined, {}, ["a"]]) assert.ok(!isDocumentId(value));
  });

  for (const [name, schema, valid, paths] of CASES) {
    it(`${name}: every hostile id is VALIDATION_FAILED naming ${paths.map((p) => p.join(".")).join(", ")}`, () => {
      assert.ok(schema.safeParse(valid).success, `${name}'s valid input parses`);
      for (const path of paths) {
        for (const id of HOSTILE) {
          const parsed = schema.safeParse(withValue(valid, path, id));
          assert.ok(!parsed.success, `${name} accepted ${path.join(".")}=${JSON.stringify(id)}`);
          const error = errors.validation(fieldErrorsOf(parsed.error));
          assert.equal(error.status, "invalid-argument");
          assert.equal(error.code, "VALIDATION_FAILED");
          assert.ok(error.fields?.[path.join(".")], `${name} names ${path.join(".")}: ${JSON.stringify(error.fields)}`);
        }
      }
    });
  }

  it("a prototype key in an input is named as an unknown field, not swallowed", () => {
    const parsed = CancelOrderInput.safeParse(JSON.parse('{"orderId": "o1", "reason": "changed my mind", "__proto__": {"role": "admin"}}'));
    assert.ok(!parsed.success);
    assert.deepEqual(Object.keys(fieldErrorsOf(parsed.error)), ["__proto__"]);
  });

  describe("webhook events", () => {
    const event = (data: Record<string, unknown>, id: unknown = "evt_1") =>
      JSON.stringify({ id, type: "payment.succeeded", data: { paymentId: "pay_1", orderId: "o_1", amount: 100, currency: "EGP", ...data } });

    it("a signed event whose orderId is a path is an invalid event (400), never a read of another document", () => {
      for (const orderId of ["o_X/events/placed", "..", "__x__", "a/b"]) {
        assert.throws(() => parsePaymentEvent(event({ orderId })), (error: unknown) => error instanceof InvalidWebhookEvent && "data.orderId" in error.fields);
      }
    });

    it("an event id or payment id that is a path is an invalid event", () => {
      assert.throws(() => parsePaymentEvent(event({}, "evt/../x")), (error: unknown) => error instanceof InvalidWebhookEvent && "id" in error.fields);
      assert.throws(() => parsePaymentEvent(event({ paymentId: "pay/1" })), (error: unknown) => error instanceof InvalidWebhookEvent && "data.paymentId" in error.fields);
    });

    it("a well-formed event still parses", () => {
      assert.equal(parsePaymentEvent(event({})).data.orderId, "o_1");
    });
  });
});
