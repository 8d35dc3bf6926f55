// One builder per actor: a signed-in user of a given role, with a fresh ID token that
// carries the role claim (and the second factor for admins unless told otherwise).
import type { Role } from "../../src/core/roles";
import { enrolPhoneFactor, markEmailVerified, signInWithPassword, signInWithSecondFactor, signUp, type Session } from "./authEmulator";
import { admin, eventually, uniqueEmail } from "./emulators";

export const PASSWORD = "correct-horse-battery-9";

export interface Actor extends Session {
  email: string;
  role: Role;
}

let phoneCounter = 0;
function uniquePhone(): string {
  phoneCounter += 1;
  return `+2010${String(Date.now() % 1e6).padStart(6, "0")}${String(phoneCounter % 100).padStart(2, "0")}`;
}

export async function anActor(options: { role?: Role; mfa?: boolean; label?: string } = {}): Promise<Actor> {
  const role = options.role ?? "customer";
  const email = uniqueEmail(options.label ?? role);
  const created = await signUp(email, PASSWORD, `Test ${role}`);
  if (role !== "customer") await admin().auth.setCustomUserClaims(created.uid, { role });
  const wantsMfa = options.mfa ?? role === "admin";
  if (wantsMfa) {
    await markEmailVerified(created.uid);
    const verified = await signInWithPassword(email, PASSWORD);
    await enrolPhoneFactor(verified.idToken ?? "", uniquePhone());
    return { ...(await signInWithSecondFactor(email, PASSWORD)), email, role };
  }
  const session = await signInWithPassword(email, PASSWORD);
  return { uid: created.uid, idToken: session.idToken ?? "", refreshToken: session.refreshToken ?? "", email, role };
}

/** Waits for the profile the Auth trigger creates. */
export async function profileOf(uid: string, timeoutMs?: number) {
  return eventually(`users/${uid} profile`, async () => {
    const snapshot = await admin().db.collection("users").doc(uid).get();
    return snapshot.exists ? snapshot.data() : undefined;
  }, timeoutMs);
}
