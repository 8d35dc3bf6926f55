// Admin SDK access, initialised on first use so that loading a module costs nothing.
import { getApps, initializeApp } from "firebase-admin/app";
import { getAuth, type Auth } from "firebase-admin/auth";
import { getFirestore, type Firestore } from "firebase-admin/firestore";

function ensureApp(): void {
  if (getApps().length === 0) initializeApp();
}

export function db(): Firestore {
  ensureApp();
  return getFirestore();
}

export function adminAuth(): Auth {
  ensureApp();
  return getAuth();
}
