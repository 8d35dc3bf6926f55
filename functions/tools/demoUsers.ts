// The demo accounts `npm start` creates (SPEC section 9). Fixed uids and credentials so
// the README can name them; the password is for the local emulator only.
import type { Role } from "../src/core/roles";

export const DEMO_PASSWORD = "souk-demo-2026";

export interface DemoUser {
  uid: string;
  email: string;
  displayName: string;
  role: Role;
  /** Admins sign in with a phone second factor (SMS code read from the Auth emulator). */
  mfaPhone?: string;
  governorate: string;
  locale: "ar" | "en";
}

export const DEMO_USERS: DemoUser[] = [
  { uid: "demo-admin", email: "admin@souk.test", displayName: "Souk Admin", role: "admin", mfaPhone: "+201000000001", governorate: "cairo", locale: "en" },
  { uid: "demo-customer", email: "customer@souk.test", displayName: "منى عادل", role: "customer", governorate: "giza", locale: "ar" },
  { uid: "demo-vendor", email: "vendor@souk.test", displayName: "Nile Motors", role: "vendor", governorate: "cairo", locale: "en" },
  { uid: "demo-engineer", email: "engineer@souk.test", displayName: "م. كريم حسن", role: "engineer", governorate: "alexandria", locale: "ar" },
];
