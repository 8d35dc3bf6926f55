// Admin SDK access, initialised on first use so that loading a module costs nothing.
import { getApps, initializeApp } from "firebase-admin/app";
import { getAuth, type Auth } from "firebase-admin/auth";
import { getFirestore, type Firestore } from "firebase-admin/firestore";

const DEFAULT_APP = "[DEFAULT]";

/** Checks for the default app by name: tooling (the emulator runtime, tests) may hold named apps. */
function ensureApp(): void {
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
