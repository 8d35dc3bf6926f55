// Builders and helpers for the engineers, jobs and presence tests (integration and e2e).
// Every test shares one emulator, and dispatch picks any available, online engineer of a
// governorate: so each engineer and customer made here is remembered, and
// `cleanUpDispatchWorld` (afterEach) takes those engineers off duty and offline and
// deletes their customers' jobs, leaving nothing a later test's dispatch could pick up.
import { randomUUID } from "node:crypto";
import { FieldValue, Timestamp, type DocumentData } from "firebase-admin/firestore";
import { piiCipher } from "../../src/core/keys";
import { cairoDay } from "../../src/core/time";
import { anEngineerDoc } from "../rules/builders";
import { anActor, profileOf, type Actor } from "../support/actors";
import { admin, eventually } from "../support/emulators";

const engineersMade = new Set<string>();
const customersMade = new Set<string>();

export interface EngineerOptions {
  governorate: string;
  skills?: string[];
  online?: boolean;
  availability?: "available" | "off_duty" | "on_job";
  activeJobId?: string | null;
  rating?: number;
  jobsToday?: number;
  /** Day the jobsToday counter belongs to; defaults to today in Cairo. */
  jobsTodayDate?: string | null;
}

/**
 * engineers/{uid} for a dispatch test: the one engineer document builder (rules/builders.ts
 * anEngineerDoc), with what dispatch ranks on taken from `options` and a fresh day's counters.
 */
export function aDispatchableEngineerDoc(options: EngineerOptions): DocumentData {
  return anEngineerDoc({
    skills: options.skills ?? ["inspection", "maintenance", "repair"],
    governorate: options.governorate,
    availability: options.availability ?? "available",
    online: options.online ?? true,
    activeJobId: options.activeJobId ?? null,
    rating: { avg: options.rating ?? 4.5, count: 12 },
    stats: {
      completedJobs: 0,
      jobsToday: options.jobsToday ?? 0,
      jobsTodayDate: options.jobsTodayDate === undefined ? cairoDay(Date.now()) : options.jobsTodayDate,
    },
    createdAt: FieldValue.serverTimestamp(),
  });
}

/** A signed-in engineer (role claim in the token) with an engineers/{uid} document. */
export async function anEngineer(options: EngineerOptions): Promise<Actor> {
  const engineer = await anActor({ role: "engineer", label: "engineer" });
  engineersMade.add(engineer.uid);
  await admin().db.doc(`engineers/${engineer.uid}`).set(aDispatchableEngineerDoc(options));
  return engineer;
}

/** Registers accounts made elsewhere (e.g. through the web SDK) for cleanUpDispatchWorld. */
export function track(kind: "engineer" | "customer", uid: string): void {
  (kind === "engineer" ? engineersMade : customersMade).add(uid);
}

export async function aCustomer(): Promise<Actor> {
  const customer = await anActor({ label: "customer" });
  customersMade.add(customer.uid);
  return customer;
}

/** An admin with MFA whose profile says admin, so notifyAdmins reaches them. */
export async function anAlertedAdmin(): Promise<Actor> {
  const anAdmin = await anActor({ role: "admin" });
  await profileOf(anAdmin.uid);
  await admin().db.doc(`users/${anAdmin.uid}`).set({ role: "admin" }, { merge: true });
  return anAdmin;
}

/** What a customer's client sends to jobs-request. */
export function aJobRequest(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: "inspection",
    vehicle: { make: "Toyota", model: "Corolla", year: 2018 },
    governorate: "giza",
    city: "Dokki",
    address: "12 Mesaha Square, Dokki",
    preferredAt: new Date(Date.now() + 24 * 3600 * 1000).toISOString(),
    notes: "Before I buy it",
    idempotencyKey: randomUUID(),
    ...overrides,
  };
}

export interface StoredJobOptions {
  governorate: string;
  status?: string;
  engineerId?: string | null;
  acceptBy?: number | null;
  assignedAt?: number | null;
  declinedBy?: string[];
  missedAccepts?: number;
  type?: string;
}

/** serviceJobs/{id} written directly, shaped as jobs-request stores it. */
export async function aStoredJob(customerId: string, options: StoredJobOptions): Promise<string> {
  customersMade.add(customerId);
  const id = `job-${randomUUID().slice(0, 12)}`;
  const ms = (value: number | null | undefined) => (typeof value === "number" ? Timestamp.fromMillis(value) : null);
  await admin().db.doc(`serviceJobs/${id}`).set({
    customerId,
    type: options.type ?? "inspection",
    vehicle: { make: "Kia", model: "Cerato", year: 2019 },
    listingId: null,
    governorate: options.governorate,
    city: "Test City",
    address: piiCipher().encrypt("3 Test Street, Test City"),
    preferredAt: Timestamp.fromMillis(Date.now() + 24 * 3600 * 1000),
    notes: "",
    status: options.status ?? "requested",
    engineerId: options.engineerId ?? null,
    declinedBy: options.declinedBy ?? [],
    assignedAt: ms(options.assignedAt),
    acceptBy: ms(options.acceptBy),
    missedAccepts: options.missedAccepts ?? 0,
    report: null,
    price: null,
    cancellation: null,
    lastChange: { by: { uid: customerId, role: "customer" }, requestId: null, reason: null },
    createdAt: FieldValue.serverTimestamp(),
    updatedAt: FieldValue.serverTimestamp(),
  });
  return id;
}

/**
 * An engineer who holds a job assigned to him whose accept window closed `agoMs` ago
 * (as dispatch would have left it, only earlier).
 */
export async function anExpiredAssignment(governorate: string, options: { missedAccepts?: number; agoMs?: number } = {}) {
  const customer = await aCustomer();
  const engineer = await anEngineer({ governorate, availability: "on_job" });
  const acceptBy = Date.now() - (options.agoMs ?? 60_000);
  const jobId = await aStoredJob(customer.uid, {
    governorate,
    status: "assigned",
    engineerId: engineer.uid,
    assignedAt: acceptBy - 15 * 60_000,
    acceptBy,
    missedAccepts: options.missedAccepts ?? 0,
  });
  await admin().db.doc(`engineers/${engineer.uid}`).update({ activeJobId: jobId, "stats.jobsToday": 1 });
  return { customer, engineer, jobId };
}

export async function docData(path: string): Promise<DocumentData> {
  const snapshot = await admin().db.doc(path).get();
  if (!snapshot.exists) throw new Error(`${path} does not exist`);
  return snapshot.data() ?? {};
}

/** Polls a document until `predicate` holds, failing with what it waited for. */
export function settledDoc(path: string, what: string, predicate: (data: DocumentData) => boolean, timeoutMs?: number): Promise<DocumentData> {
  return eventually(
    what,
    async () => {
      const data = (await admin().db.doc(path).get()).data();
      return data && predicate(data) ? data : undefined;
    },
    timeoutMs,
  );
}

/**
 * How long a test waits for a trigger's effect. Usually well under a second, but in a full
 * `npm test` run the Functions emulator may still be draining thousands of events queued
 * by earlier suites (the catalogue fan-out tests), and it runs them in order.
 */
export const TRIGGER_DEADLINE_MS = 60_000;
/** Mocha timeout for tests that wait on triggers (several waits in a row). */
export const TRIGGER_TEST_TIMEOUT_MS = 180_000;

/** Polls until a notification with this type for this job is in the user's inbox. */
export function notificationOf(uid: string, type: string, jobId: string): Promise<DocumentData> {
  return eventually(
    `${type} notification for ${uid} about ${jobId}`,
    async () => {
      const inbox = await admin().db.collection(`users/${uid}/notifications`).where("type", "==", type).get();
      return inbox.docs.map((d) => d.data()).find((n) => n.data?.jobId === jobId);
    },
    TRIGGER_DEADLINE_MS,
  );
}

/** Every engineer made here goes off duty and offline; every job of their customers is deleted. */
export async function cleanUpDispatchWorld(): Promise<void> {
  const { db } = admin();
  const writer = db.bulkWriter();
  for (const uid of engineersMade) void writer.set(db.doc(`engineers/${uid}`), { availability: "off_duty", online: false, activeJobId: null }, { merge: true });
  for (const customerId of customersMade) {
    const jobs = await db.collection("serviceJobs").where("customerId", "==", customerId).get();
    for (const job of jobs.docs) void writer.delete(job.ref);
  }
  await writer.close();
  engineersMade.clear();
  customersMade.clear();
}
