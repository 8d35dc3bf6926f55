// The console's shared state: the Firebase app, the typed client, who is signed in (and
// with which role claim), and the current page's live listeners.
import { createSoukClient, type SoukClient } from "@souk/client";
import { initializeApp } from "firebase/app";
import { onAuthStateChanged, type User } from "firebase/auth";

/** Hosting emulator (127.0.0.1:5000) or a dev server: talk to the local emulators. */
export const inEmulator = ["127.0.0.1", "localhost"].includes(location.hostname);

const firebaseApp = initializeApp({ apiKey: "demo-souk-web-key", projectId: "demo-souk", authDomain: "demo-souk.firebaseapp.com", appId: "demo-souk-console", storageBucket: "demo-souk.appspot.com" });
export const souk: SoukClient = createSoukClient(firebaseApp, inEmulator ? { emulators: { host: location.hostname } } : {});
if (inEmulator) souk.auth.settings.appVerificationDisabledForTesting = true;

/**
 * Whether listing images can be uploaded: a deployed console has Storage; in the emulator
 * only when the Storage emulator runs, as /__emulator/services.json (written by npm start
 * and the browser tests) says. No file, or no answer, means no Storage.
 */
export const storageAvailable: Promise<boolean> = inEmulator
  ? fetch("/__emulator/services.json").then(
      async (response) => response.ok && ((await response.json()) as { storage?: unknown }).storage === true,
      () => false,
    )
  : Promise.resolve(true);

export type Role = "customer" | "vendor" | "engineer" | "admin";

export interface Session {
  user: User;
  role: Role;
  mfa: boolean;
}

export let session: Session | null = null;
let cleanups: (() => void)[] = [];

/** A listener (onSnapshot) that lives as long as the page shown. */
export function keep(stop: () => void): void {
  cleanups.push(stop);
}

export function dropListeners(): void {
  for (const stop of cleanups) stop();
  cleanups = [];
}

export function watchSession(onChange: () => void): void {
  onAuthStateChanged(souk.auth, async (user) => {
    if (!user) {
      session = null;
    } else {
      const token = await user.getIdTokenResult();
      const role = (["vendor", "engineer", "admin"].includes(String(token.claims.role)) ? token.claims.role : "customer") as Role;
      session = { user, role, mfa: Boolean(token.signInSecondFactor) };
    }
    onChange();
  });
}

export function requireSession(): Session {
  if (!session) throw new Error("not signed in");
  return session;
}
