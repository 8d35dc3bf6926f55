// The table of callables: group -> name -> input schema, plus the handler's result type.
// Input types come from the zod schemas functions/ validates with (bundled into the client
// at build time); result types are read (type-only, nothing bundled) from the callables
// themselves. A new callable is one line here: `name: op<typeof group.name>()(Schema)`.
import type { z } from "zod";
import * as engineers from "../../functions/src/engineers/schema";
import type * as engineersFns from "../../functions/src/engineers/callables";
import * as jobs from "../../functions/src/jobs/schema";
import type * as jobsFns from "../../functions/src/jobs/callables";
import * as listings from "../../functions/src/listings/schema";
import type * as listingsFns from "../../functions/src/listings/callables";
import * as orders from "../../functions/src/orders/schema";
import type * as ordersFns from "../../functions/src/orders/callables";
import * as ops from "../../functions/src/ops/schema";
import type * as opsFns from "../../functions/src/ops/callables";
import type * as paymentsFns from "../../functions/src/payments/callables";
import * as privacy from "../../functions/src/privacy/schema";
import type * as privacyFns from "../../functions/src/privacy/callables";
import * as users from "../../functions/src/users/schema";
import type * as usersFns from "../../functions/src/users/callables";
import * as vendors from "../../functions/src/vendors/schema";
import type * as vendorsFns from "../../functions/src/vendors/callables";

/**
 * What a deployed callable answers: its handler's resolved result, spelled out property by
 * property (a mapped type), so emitted declarations never need a name private to functions/.
 */
type ResultOf<F> = F extends { run(...args: never[]): infer R } ? { [K in keyof Awaited<R>]: Awaited<R>[K] } : never;

/** The schema at run time; the result as a phantom type. */
export interface Operation<Schema extends z.ZodType, Result> {
  input: Schema;
  result?: Result;
}

/** `op<typeof fns.create>()(CreateOrderInput)`. */
const op =
  <Fn>() =>
  <Schema extends z.ZodType>(input: Schema): Operation<Schema, ResultOf<Fn>> => ({ input });

export const CALLABLES = {
  users: {
    updateProfile: op<typeof usersFns.updateProfile>()(users.UpdateProfileInput),
    setRole: op<typeof usersFns.setRole>()(users.SetRoleInput),
    setStatus: op<typeof usersFns.setStatus>()(users.SetStatusInput),
  },
  privacy: {
    recordConsent: op<typeof privacyFns.recordConsent>()(privacy.RecordConsentInput),
    exportData: op<typeof privacyFns.exportData>()(privacy.NoInput),
    requestDeletion: op<typeof privacyFns.requestDeletion>()(privacy.NoInput),
    cancelDeletion: op<typeof privacyFns.cancelDeletion>()(privacy.NoInput),
    eraseNow: op<typeof privacyFns.eraseNow>()(privacy.EraseNowInput),
  },
  ops: {
    backupNow: op<typeof opsFns.backupNow>()(ops.BackupNowInput),
    rotatePiiKey: op<typeof opsFns.rotatePiiKey>()(ops.RotatePiiKeyInput),
  },
  vendors: {
    apply: op<typeof vendorsFns.apply>()(vendors.ApplyInput),
    updateProfile: op<typeof vendorsFns.updateProfile>()(vendors.UpdateVendorProfileInput),
    review: op<typeof vendorsFns.review>()(vendors.ReviewVendorInput),
    moderateReview: op<typeof vendorsFns.moderateReview>()(vendors.ModerateReviewInput),
  },
  listings: {
    moderate: op<typeof listingsFns.moderate>()(listings.ModerateListingInput),
  },
  orders: {
    create: op<typeof ordersFns.create>()(orders.CreateOrderInput),
    cancel: op<typeof ordersFns.cancel>()(orders.CancelOrderInput),
    updateStatus: op<typeof ordersFns.updateStatus>()(orders.UpdateOrderStatusInput),
    confirmReceipt: op<typeof ordersFns.confirmReceipt>()(orders.ConfirmReceiptInput),
    refund: op<typeof ordersFns.refund>()(orders.RefundOrderInput),
  },
  payments: {
    startCheckout: op<typeof paymentsFns.startCheckout>()(orders.StartCheckoutInput),
  },
  engineers: {
    upsert: op<typeof engineersFns.upsert>()(engineers.UpsertEngineerInput),
    setAvailability: op<typeof engineersFns.setAvailability>()(engineers.SetAvailabilityInput),
  },
  jobs: {
    request: op<typeof jobsFns.request>()(jobs.RequestJobInput),
    assign: op<typeof jobsFns.assign>()(jobs.AssignJobInput),
    respond: op<typeof jobsFns.respond>()(jobs.RespondJobInput),
    start: op<typeof jobsFns.start>()(jobs.StartJobInput),
    complete: op<typeof jobsFns.complete>()(jobs.CompleteJobInput),
    cancel: op<typeof jobsFns.cancel>()(jobs.CancelJobInput),
    review: op<typeof jobsFns.review>()(jobs.ReviewJobInput),
  },
} as const;

export type Callables = typeof CALLABLES;
export type InputOf<O> = O extends Operation<infer S, unknown> ? z.input<S> : never;
export type OutputOf<O> = O extends Operation<z.ZodType, infer R> ? R : never;

/** One typed function per callable, grouped like the wire names (orders-create -> orders.create). */
export type CallableGroups = {
  [G in keyof Callables]: { [N in keyof Callables[G]]: (input: InputOf<Callables[G][N]>) => Promise<OutputOf<Callables[G][N]>> };
};
