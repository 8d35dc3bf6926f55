// Loads demo data into running emulators (called by scripts/start.mjs). Idempotent:
// running it again against the same emulators changes nothing.
import { FieldValue, Timestamp } from "firebase-admin/firestore";
import { admin, eventually } from "../test/support/emulators";
import { DEMO_APPLICANT, DEMO_LISTINGS, DEMO_VENDORS } from "./demoCatalogue";
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
  await eventually(`profile of ${user.email} (is the Functions emulator running?)`, async () => ((await ref.get()).exists ? true : undefined), Number(process.env.SOUK_SEED_TIMEOUT_MS ?? 30000));
  await ref.set({ role: user.role, governorate: user.governorate, locale: user.locale, updatedAt: FieldValue.serverTimestamp() }, { merge: true });
}

/** Approved vendors (Auth users with the vendor claim) and their listings. */
async function seedCatalogue(): Promise<void> {
  const { auth, db } = admin();
  for (const vendor of DEMO_VENDORS) {
    const exists = await auth.getUser(vendor.uid).then(() => true, () => false);
    if (!exists) await auth.createUser({ uid: vendor.uid, email: vendor.email, password: DEMO_PASSWORD, displayName: vendor.displayName, emailVerified: true });
    await auth.setCustomUserClaims(vendor.uid, { role: "vendor" });
    const { displayName, type, governorate, city, description } = vendor;
    await db.collection("vendors").doc(vendor.uid).set(
      { displayName, type, governorate, city, description, logoPath: null, status: "approved", rating: { avg: 4.6, count: 23 }, stats: { activeListings: 0, completedOrders: 0 }, online: false, createdAt: FieldValue.serverTimestamp() },
      { merge: true },
    );
  }
  for (const { id, ...listing } of DEMO_LISTINGS) {
    const published = listing.status === "active" ? { publishedAt: FieldValue.serverTimestamp(), moderation: { at: FieldValue.serverTimestamp(), decision: "approve" } } : {};
    await db.collection("listings").doc(id).set({ ...listing, ...published }, { merge: true });
  }
}

// ---- Engineers (issue 5) -------------------------------------------------------------------
// Engineers across governorates and skills, some online and available, so a demo customer's
// request is dispatched at once (demo-customer lives in Giza). Presence is seeded in
// Firestore only: the Realtime Database emulator may not run, and dispatch reads the
// mirror. Documents are created when missing and never overwritten, so a re-run leaves
// an engineer who is on a job on that job.

interface DemoEngineer {
  user: DemoUser;
  skills: string[];
  online: boolean;
  availability: "available" | "off_duty";
  rating: number;
}

const demoEngineer = (uid: string, email: string, displayName: string, governorate: string, locale: "ar" | "en", rest: Omit<DemoEngineer, "user">): DemoEngineer => ({
  user: { uid, email, displayName, role: "engineer", governorate, locale },
  ...rest,
});

const DEMO_ENGINEERS: DemoEngineer[] = [
  demoEngineer("demo-engineer-giza", "engineer.giza@souk.test", "م. ياسر فؤاد", "giza", "ar", { skills: ["inspection", "maintenance", "repair"], online: true, availability: "available", rating: 4.5 }),
  demoEngineer("demo-engineer-giza-2", "engineer.giza2@souk.test", "Eng. Laila Mostafa", "giza", "en", { skills: ["inspection"], online: true, availability: "off_duty", rating: 4.8 }),
  demoEngineer("demo-engineer-cairo", "engineer.cairo@souk.test", "م. أحمد سمير", "cairo", "ar", { skills: ["inspection", "repair"], online: true, availability: "available", rating: 4.7 }),
  demoEngineer("demo-engineer-cairo-2", "engineer.cairo2@souk.test", "Eng. Nour Khaled", "cairo", "en", { skills: ["maintenance", "repair"], online: false, availability: "available", rating: 4.9 }),
  demoEngineer("demo-engineer-alex-2", "engineer.alex2@souk.test", "م. محمود رضا", "alexandria", "ar", { skills: ["repair"], online: false, availability: "off_duty", rating: 4.2 }),
  demoEngineer("demo-engineer-dakahlia", "engineer.dakahlia@souk.test", "Eng. Omar Tarek", "dakahlia", "en", { skills: ["inspection", "maintenance"], online: true, availability: "available", rating: 4.6 }),
];

async function createIfMissing(path: string, data: Record<string, unknown>): Promise<void> {
  await admin().db.doc(path).create(data).catch((error: { code?: unknown }) => {
    if (error.code !== 6) throw error; // ALREADY_EXISTS: keep what is there
  });
}

export async function seedEngineers(): Promise<void> {
  const fromDemoUsers = DEMO_USERS.filter((u) => u.role === "engineer").map((user) =>
    ({ user, skills: ["inspection", "maintenance"], online: true, availability: "available", rating: 4.4 }) satisfies DemoEngineer,
  );
  const engineers = [...fromDemoUsers, ...DEMO_ENGINEERS];
  for (const { user } of DEMO_ENGINEERS) await ensureUser(user);
  for (const { user } of DEMO_ENGINEERS) await completeProfile(user);
  for (const engineer of engineers) {
    const { uid, displayName, governorate } = engineer.user;
    await createIfMissing(`engineers/${uid}`, {
      displayName,
      skills: engineer.skills,
      governorate,
      availability: engineer.availability,
      online: engineer.online,
      activeJobId: null,
      rating: { avg: engineer.rating, count: 20 },
      stats: { completedJobs: 20, jobsToday: 0, jobsTodayDate: null },
      createdAt: FieldValue.serverTimestamp(),
      updatedAt: FieldValue.serverTimestamp(),
    });
    await createIfMissing(`presence/${uid}`, { state: engineer.online ? "online" : "offline", lastChanged: Timestamp.now() });
  }
}

/** The pending vendor application, created once: a re-run leaves an admin's decision alone. */
async function seedApplication(): Promise<void> {
  const user: DemoUser = { ...DEMO_APPLICANT.user };
  await ensureUser(user);
  await completeProfile(user);
  await createIfMissing(`vendors/${user.uid}`, {
    ...DEMO_APPLICANT.vendor,
    logoPath: null,
    status: "pending",
    rating: { avg: 0, count: 0 },
    stats: { activeListings: 0, completedOrders: 0 },
    online: false,
    createdAt: FieldValue.serverTimestamp(),
    updatedAt: FieldValue.serverTimestamp(),
  });
}

/**
 * The listing trigger derives search tokens and the vendor summary after the catalogue is
 * written; on a busy machine that queue runs for a while. Seeding ends when every demo
 * listing has both, so the first search after `npm start` (or a browser test) finds them.
 */
async function catalogueDerived(): Promise<void> {
  const { db } = admin();
  const refs = DEMO_LISTINGS.map(({ id }) => db.collection("listings").doc(id));
  await eventually(
    "search tokens and vendor summaries on the demo listings (is the Functions emulator running?)",
    async () => ((await db.getAll(...refs)).every((d) => Array.isArray(d.get("searchTokens")) && d.get("vendor")) ? true : undefined),
    Number(process.env.SOUK_SEED_TIMEOUT_MS ?? 30000),
  );
}

export async function seed(): Promise<void> {
  for (const user of DEMO_USERS) await ensureUser(user);
  for (const user of DEMO_USERS) await completeProfile(user);
  await seedCatalogue();
  await seedEngineers();
  await seedApplication();
  await catalogueDerived();
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
