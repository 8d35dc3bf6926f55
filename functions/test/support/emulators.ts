// Where the emulators listen (firebase.json) and small helpers every emulated test
// uses: the Admin SDK in the test process, polling with a deadline, raw callable calls.
import { getApps, initializeApp } from "firebase-admin/app";
import { getAuth } from "firebase-admin/auth";
import { getFirestore } from "firebase-admin/firestore";

export const PROJECT_ID = "demo-souk";
export const REGION = "europe-west1";
export const AUTH_HOST = process.env.FIREBASE_AUTH_EMULATOR_HOST ?? "127.0.0.1:9099";
export const FIRESTORE_HOST = process.env.FIRESTORE_EMULATOR_HOST ?? "127.0.0.1:8080";
export const FUNCTIONS_HOST = process.env.FUNCTIONS_EMULATOR_HOST ?? "127.0.0.1:5001";

process.env.FIREBASE_AUTH_EMULATOR_HOST ??= AUTH_HOST;
process.env.FIRESTORE_EMULATOR_HOST ??= FIRESTORE_HOST;

export function admin() {
  const app = getApps().find((a) => a.name === "test-admin") ?? initializeApp({ projectId: PROJECT_ID }, "test-admin");
  return { db: getFirestore(app), auth: getAuth(app) };
}

/** Polls until `probe` returns a value other than undefined, or fails saying what it waited for. */
export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ""}`);
}

export interface CallableFailure {
  status: string;
  message: string;
  details?: { code?: string; requestId?: string; fields?: Record<string, string> };
}

/** The callable protocol over plain HTTP, as any client (or the admin console) can speak it. */
export async function callRaw<T = unknown>(
  name: string,
  data: unknown,
  idToken?: string,
  extraHeaders: Record<string, string> = {},
): Promise<{ result?: T; error?: CallableFailure; httpStatus: number }> {
  const response = await fetch(`http://${FUNCTIONS_HOST}/${PROJECT_ID}/${REGION}/${name}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...extraHeaders, ...(idToken ? { authorization: `Bearer ${idToken}` } : {}) },
    body: JSON.stringify({ data }),
  });
  const body = (await response.json()) as { result?: T; error?: CallableFailure };
  return { ...body, httpStatus: response.status };
}

let counter = 0;
/** A unique e-mail per test user, so tests never share state through accounts. */
export function uniqueEmail(label: string): string {
  counter += 1;
  return `${label}.${Date.now().toString(36)}.${counter}@souk.test`;
}

export async function setBackgroundTriggers(enabled: boolean): Promise<void> {
  const hub = process.env.FIREBASE_EMULATOR_HUB;
  if (!hub) return; // no hub: only a Firestore emulator runs, so no trigger fires anyway
  const action = enabled ? "enableBackgroundTriggers" : "disableBackgroundTriggers";
  const response = await fetch(`http://${hub}/functions/${action}`, { method: "PUT" });
  if (!response.ok) throw new Error(`emulator hub refused ${action}: ${response.status}`);
}

/**
 * For a describe block that delivers trigger events itself (in process, with `.run`): the
 * Functions emulator's own triggers are switched off meanwhile, so the fixtures the block
 * writes are not also handled by the deployed copy of the trigger under test.
 */
export function useLiveTriggersOff(): void {
  before(() => setBackgroundTriggers(false));
  after(() => setBackgroundTriggers(true));
}
