// Admin SDK access, initialised on first use so that loading a module costs nothing.
import { getApps, initializeApp } from "firebase-admin/app";
import { getAuth, type Auth, type UserRecord } from "firebase-admin/auth";
import { getFirestore, type DocumentData, type DocumentReference, type Firestore } from "firebase-admin/firestore";
import { errors } from "./errors";

/** gRPC status codes the Admin SDK reports on failed writes. */
export const GRPC = { INVALID_ARGUMENT: 3, NOT_FOUND: 5, ALREADY_EXISTS: 6, FAILED_PRECONDITION: 9, ABORTED: 10 } as const;

export function grpcCodeOf(error: unknown): unknown {
  return (error as { code?: unknown }).code;
}

const DEFAULT_APP = "[DEFAULT]";

/** The Functions emulator, or a process (tests, tools) pointed at the Firestore emulator: never production. */
export function runningInEmulator(): boolean {
  return process.env.FUNCTIONS_EMULATOR === "true" || Boolean(process.env.FIRESTORE_EMULATOR_HOST);
}

/** Checks for the default app by name: tooling (the emulator runtime, tests) may hold named apps. */
export function ensureApp(): void {
  if (!getApps().some((app) => app.name === DEFAULT_APP)) initializeApp();
}

export function db(): Firestore {
  ensureApp();
  return getFirestore();
}

export function adminAuth(): Auth {
  ensureApp();
  return getAuth();
}

/** The Auth user an admin action names, or NOT_FOUND (never an internal error) when there is none. */
export async function existingUser(uid: string): Promise<UserRecord> {
  try {
    return await adminAuth().getUser(uid);
  } catch {
    throw errors.notFound("User");
  }
}

/**
 * Creates the document unless it already exists. Triggers write their effects under ids
 * derived from the event, so a redelivered event finds them and writes nothing (false).
 */
export async function createOnce(ref: DocumentReference, data: DocumentData): Promise<boolean> {
  try {
    await ref.create(data);
    return true;
  } catch (error) {
    if (grpcCodeOf(error) === GRPC.ALREADY_EXISTS) return false;
    throw error;
  }
}
