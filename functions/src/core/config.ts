// Every parameter and secret the functions read, in one place (SPEC section 8).
// Values come from .env.<project> / .secret.local in the emulator and from
// Cloud Secret Manager in production. Reading a value happens inside handlers only.
import { setGlobalOptions } from "firebase-functions/v2";
import { defineBoolean, defineSecret, defineString } from "firebase-functions/params";

/** Region of every function; clients call getFunctions(app, "europe-west1"). */
export const REGION = defineString("REGION", { default: "europe-west1" });

/** App Check on callables: on in production, off in the emulator (.env.demo-souk). */
export const ENFORCE_APP_CHECK = defineBoolean("ENFORCE_APP_CHECK", { default: true });

/** AES-256-GCM key for PII, formatted "<version>:<base64 32 bytes>" (see core/crypto.ts). */
export const PII_KEY = defineSecret("PII_KEY");

setGlobalOptions({ region: REGION, maxInstances: 20 });
