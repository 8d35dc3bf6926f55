// Loads demo data into running emulators (called by scripts/start.mjs). Idempotent:
// running it again against the same emulators changes nothing.
import { FieldValue } from "firebase-admin/firestore";
import { admin, eventually } from "../test/support/emulators";
import { DEMO_PASSWORD, DEMO_USERS, type DemoUser } from "./demoUsers";

async function ensureUser(user: DemoUser): Promise<void> {
  const { auth } = admin();
  const exists = await auth.getUser(user.uid).then(
    () => true,
    () => false,
  );
  if (!exists) {
    await auth.createUser({
      uid: user.uid,
      email: user.email,
      password: DEMO_PASSWORD,
      displayName: user.displayName,
      emailVerified: true,
      ...(user.mfaPhone ? { multiFactor: { enrolledFactors: [{ phoneNumber: user.mfaPhone, factorId: "phone" }] } } : {}),
    });
  }
  await auth.setCustomUserClaims(user.uid, user.role === "customer" ? {} : { role: user.role });
}

async function completeProfile(user: DemoUser): Promise<void> {
  const ref = admin().db.collection("users").doc(user.uid);
  // The Auth trigger creates the profile; wait for it, then fill in what sign-up cannot know.
  await eventually(`profile of ${user.email} (is the Functions emulator running?)`, async () => ((await ref.get()).exists ? true : undefined), 30000);
  await ref.set({ role: user.role, governorate: user.governorate, locale: user.locale, updatedAt: FieldValue.serverTimestamp() }, { merge: true });
}

/** Role-specific documents later issues build on: the vendor is approved, the engineer on duty. */
async function roleDocuments(): Promise<void> {
  const { db } = admin();
  const vendor = DEMO_USERS.find((u) => u.role === "vendor");
  if (vendor) {
    await db.collection("vendors").doc(vendor.uid).set(
      {
        displayName: vendor.displayName,
        type: "dealer",
        governorate: vendor.governorate,
        city: "Nasr City",
        description: "Used and new cars since 1998. معرض سيارات في مدينة نصر.",
        logoPath: null,
        status: "approved",
        rating: { avg: 0, count: 0 },
        stats: { activeListings: 0, completedOrders: 0 },
        online: false,
        createdAt: FieldValue.serverTimestamp(),
      },
      { merge: true },
    );
  }
  const engineer = DEMO_USERS.find((u) => u.role === "engineer");
  if (engineer) {
    await db.collection("engineers").doc(engineer.uid).set(
      {
        displayName: engineer.displayName,
        skills: ["inspection", "maintenance"],
        governorate: engineer.governorate,
        availability: "available",
        online: false,
        activeJobId: null,
        rating: { avg: 0, count: 0 },
        stats: { completedJobs: 0 },
      },
      { merge: true },
    );
  }
}

export async function seed(): Promise<void> {
  for (const user of DEMO_USERS) await ensureUser(user);
  for (const user of DEMO_USERS) await completeProfile(user);
  await roleDocuments();
}

if (require.main === module) {
  seed().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`[seed] ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
