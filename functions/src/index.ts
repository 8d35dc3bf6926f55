// Function groups (SPEC section 1): `users-setRole` on the wire, deployable alone with
// `firebase deploy --only functions:users`. A running instance loads only its own
// group: Cloud Functions and the emulator set FUNCTION_TARGET ("users.setRole"), and a
// group is required only when it is the target or when deploy discovery loads them all.
// Global options (region, instances) are set here, once, before any group is required,
// so every function gets them by construction.
/* eslint-disable @typescript-eslint/no-require-imports */
// v2/options, not v2: the v2 index loads every trigger provider (alerts, pubsub, storage...), a third of a cold start (issue 14).
import { setGlobalOptions } from "firebase-functions/v2/options";
import { GLOBAL_OPTIONS } from "./core/config";
import type * as ApiGroup from "./api";
import type * as EngineersGroup from "./engineers";
import type * as JobsGroup from "./jobs";
import type * as ListingsGroup from "./listings";
import type * as OpsGroup from "./ops";
import type * as OrdersGroup from "./orders";
import type * as PaymentsGroup from "./payments";
import type * as PresenceGroup from "./presence";
import type * as PrivacyGroup from "./privacy";
import type * as UsersGroup from "./users";
import type * as VendorsGroup from "./vendors";

setGlobalOptions(GLOBAL_OPTIONS);

const target = process.env.FUNCTION_TARGET?.split(".")[0];

function loads(group: string): boolean {
  return target === undefined || target === "" || target === group;
}

export const users: typeof UsersGroup.users | undefined = loads("users")
  ? (require("./users") as typeof UsersGroup).users
  : undefined;

export const vendors: typeof VendorsGroup.vendors | undefined = loads("vendors")
  ? (require("./vendors") as typeof VendorsGroup).vendors
  : undefined;

export const listings: typeof ListingsGroup.listings | undefined = loads("listings")
  ? (require("./listings") as typeof ListingsGroup).listings
  : undefined;

export const api: typeof ApiGroup.api | undefined = loads("api") ? (require("./api") as typeof ApiGroup).api : undefined;

export const engineers: typeof EngineersGroup.engineers | undefined = loads("engineers")
  ? (require("./engineers") as typeof EngineersGroup).engineers
  : undefined;

export const jobs: typeof JobsGroup.jobs | undefined = loads("jobs") ? (require("./jobs") as typeof JobsGroup).jobs : undefined;

export const presence: typeof PresenceGroup.presence | undefined = loads("presence")
  ? (require("./presence") as typeof PresenceGroup).presence
  : undefined;

export const orders: typeof OrdersGroup.orders | undefined = loads("orders")
  ? (require("./orders") as typeof OrdersGroup).orders
  : undefined;

export const payments: typeof PaymentsGroup.payments | undefined = loads("payments")
  ? (require("./payments") as typeof PaymentsGroup).payments
  : undefined;

export const ops: typeof OpsGroup.ops | undefined = loads("ops") ? (require("./ops") as typeof OpsGroup).ops : undefined;

export const privacy: typeof PrivacyGroup.privacy | undefined = loads("privacy")
  ? (require("./privacy") as typeof PrivacyGroup).privacy
  : undefined;
