// Every parameter and secret the functions read, in one place (SPEC section 8).
// Values come from .env.<project> / .secret.local in the emulator and from
// Cloud Secret Manager in production. Reading a value happens inside handlers only.
import type { GlobalOptions } from "firebase-functions/v2";
import { defineBoolean, defineInt, defineSecret, defineString } from "firebase-functions/params";

/** Region of every function; clients call getFunctions(app, "europe-west1"). */
export const REGION = defineString("REGION", { default: "europe-west1" });

/** App Check on callables: on in production, off in the emulator (.env.demo-souk). */
export const ENFORCE_APP_CHECK = defineBoolean("ENFORCE_APP_CHECK", { default: true });

/** Browser origins allowed to call the public `api` (comma-separated; SPEC section 5). */
export const ALLOWED_ORIGINS = defineString("ALLOWED_ORIGINS", { default: "http://localhost:5173,http://127.0.0.1:5173" });

/**
 * Proxies of ours in front of the public `api` (core/clientIp.ts): 1 behind Firebase
 * Hosting (the /v1/** rewrite), whose proxy is the last X-Forwarded-For entry; 0 when
 * clients call the function's own URL.
 */
export const TRUSTED_PROXY_HOPS = defineInt("TRUSTED_PROXY_HOPS", { default: 1 });

/** Requests per client IP per minute on the public `api`. */
export const API_RATE_LIMIT_PER_MINUTE = defineInt("API_RATE_LIMIT_PER_MINUTE", { default: 120 });

/** Minutes an engineer has to accept an assigned service job before the watchdog withdraws it (SPEC section 6). */
export const JOB_ACCEPT_SLA_MINUTES = defineInt("JOB_ACCEPT_SLA_MINUTES", { default: 15 });

/** Minutes a card order waits for payment before the expiry schedule cancels it (SPEC section 6). */
export const ORDER_PAYMENT_WINDOW_MINUTES = defineInt("ORDER_PAYMENT_WINDOW_MINUTES", { default: 30 });

/** Hours a vendor has to confirm a cash-on-delivery order before the schedule cancels it (SPEC section 3). */
export const ORDER_CONFIRM_WINDOW_HOURS = defineInt("ORDER_CONFIRM_WINDOW_HOURS", { default: 48 });

/** Open orders on cars one buyer may hold at once, so no account can lock the catalogue (SPEC section 3). */
export const MAX_OPEN_CAR_ORDERS = defineInt("MAX_OPEN_CAR_ORDERS", { default: 2 });

/** Flat delivery fee in piastres added to orders fulfilled by delivery (pickup is free). */
export const DELIVERY_FEE_PIASTRES = defineInt("DELIVERY_FEE_PIASTRES", { default: 15000 });

/**
 * Which payment provider adapter runs (paymentProviders/registry.ts). "fake" is the signed test
 * provider and only works in the emulator; production names a real adapter.
 */
export const PAYMENT_PROVIDER = defineString("PAYMENT_PROVIDER", { default: "none" });

/** Shared secret the payment provider signs webhooks with (Souk-Signature, SPEC section 5). */
export const PAYMENT_WEBHOOK_SECRET = defineSecret("PAYMENT_WEBHOOK_SECRET");

/** API key of the payment provider (server-to-provider calls: checkout, refund). */
export const PAYMENT_API_KEY = defineSecret("PAYMENT_API_KEY");

/** Cloud Storage bucket (name only, no gs://) the 6-hourly Firestore export writes to (SPEC section 11). */
export const BACKUP_BUCKET = defineString("BACKUP_BUCKET", { default: "" });

/** AES-256-GCM key for PII, formatted "<version>:<base64 32 bytes>" (see core/crypto.ts). */
export const PII_KEY = defineSecret("PII_KEY");

/** Sudo mode (SPEC section 2): sensitive admin callables need a sign-in at most this many minutes old. */
export const ADMIN_REAUTH_MINUTES = defineInt("ADMIN_REAUTH_MINUTES", { default: 15 });

/** Version of the privacy policy and terms users consent to (SPEC section 8); bump it to ask again. */
export const POLICY_VERSION = defineString("POLICY_VERSION", { default: "2026-01" });

/** Days between a deletion request and the deletion run (SPEC section 8); never more than 30 in total. */
export const DELETION_GRACE_DAYS = defineInt("DELETION_GRACE_DAYS", { default: 7 });

/** HMAC key of the stable pseudonyms that replace an erased user's uid in kept records. */
export const PSEUDONYM_KEY = defineSecret("PSEUDONYM_KEY");

/**
 * Options of every function, applied once by src/index.ts before any group is loaded
 * (so no group can forget them). Not applied here: importing config has no side effect.
 */
export const GLOBAL_OPTIONS: GlobalOptions = { region: REGION, maxInstances: 20 };
