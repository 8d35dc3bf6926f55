// jobs-request, jobs-assign, jobs-respond, jobs-start, jobs-complete, jobs-cancel,
// jobs-review (SPEC sections 3 and 4). Each handler reads the job (and engineer) in a transaction,
// lets jobs/model.ts decide, and writes what the model returns through jobs/store.ts,
// which audits the transition in the same transaction. Notifications come from the
// serviceJobs trigger (jobs/triggers.ts), which reads `lastChange` to know who made it.
import { createHash } from "node:crypto";
import { FieldValue, Timestamp, type DocumentData } from "firebase-admin/firestore";
import { callable } from "../core/callable";
import { PII_KEY } from "../core/config";
import { DomainError, errors } from "../core/errors";
import { db } from "../core/firebase";
import { piiCipher } from "../core/keys";
import { logs } from "../core/log";
import type { Role } from "../core/roles";
import { cairoDay } from "../core/time";
import { assignTo, autoDispatch, noEngineerAvailable } from "./dispatch";
import { newJob, parsePreferredAt, type JobState } from "./model";
import { cancelJob, completeJob, respondToJob, startJob } from "./transitions";
import { AssignJobInput, CancelJobInput, CompleteJobInput, RequestJobInput, RespondJobInput, ReviewJobInput, StartJobInput, type RequestJob } from "./schema";
import { createEngineerReview, createJob, engineerRef, engineerStateOf, jobRef, jobStateOf, writeTransition, type ChangeBy } from "./store";

/** Automatic dispatch acts for the system; the request id ties it to the call that caused it. */
const dispatcher = (requestId: string): ChangeBy => ({ by: { system: "jobs.dispatch" }, requestId });
const changeBy = (uid: string, role: Role, requestId: string, reason?: string): ChangeBy => ({ by: { uid, role }, requestId, reason });

async function requireListing(listingId: string): Promise<void> {
  const listing = await db().collection("listings").doc(listingId).get();
  if (!listing.exists) throw errors.notFound("Listing");
}

/** The job's id comes from the customer and their key, so a retry lands on the same document. */
export function jobIdFor(customerId: string, idempotencyKey: string): string {
  return `j_${createHash("sha256").update(`${customerId}\n${idempotencyKey}`).digest("hex").slice(0, 24)}`;
}

/** A retry answers with the job the key already made; the key reused for another request is a client bug. */
function replayOf(existing: DocumentData, input: RequestJob): { status: string } {
  if (existing.type !== input.type || existing.governorate !== input.governorate) {
    throw errors.precondition("IDEMPOTENCY_KEY_REUSED", "This idempotencyKey was used for a different request. Use a new key for a new job.");
  }
  return { status: String(existing.status) };
}

export const request = callable({
  name: "jobs.request",
  roles: ["customer"],
  input: RequestJobInput,
  rateLimit: { limit: 10, windowSeconds: 3600 },
  secrets: [PII_KEY],
  handler: async ({ uid, role, input, requestId }) => {
    const preferredAtMs = parsePreferredAt(input.preferredAt, Date.now());
    if (input.listingId) await requireListing(input.listingId);
    const job = newJob({ id: jobIdFor(uid, input.idempotencyKey), customerId: uid, type: input.type, governorate: input.governorate });
    const fields = {
      customerId: job.customerId,
      type: input.type,
      vehicle: input.vehicle,
      listingId: input.listingId ?? null,
      governorate: input.governorate,
      city: input.city,
      address: piiCipher().encrypt(input.address),
      preferredAt: Timestamp.fromMillis(preferredAtMs),
      notes: input.notes ?? "",
      idempotencyKey: input.idempotencyKey,
    };
    const existing = await createJob(job, fields, changeBy(uid, role, requestId));
    if (existing) return { jobId: job.id, ...replayOf(existing, input) };
    const { status } = await autoDispatch(job.id, dispatcher(requestId));
    return { jobId: job.id, status };
  },
});

export const assign = callable({
  name: "jobs.assign",
  roles: ["admin"],
  input: AssignJobInput,
  rateLimit: { limit: 60, windowSeconds: 60 },
  handler: async ({ uid, role, input, requestId }) => {
    const change = changeBy(uid, role, requestId);
    if (input.engineerId) {
      await assignTo(input.jobId, input.engineerId, change);
      return { engineerId: input.engineerId };
    }
    const outcome = await autoDispatch(input.jobId, change);
    if (outcome.dispatched && outcome.engineerId) return { engineerId: outcome.engineerId };
    if (outcome.status !== "requested") throw errors.invalidTransition(outcome.status, "assigned");
    throw noEngineerAvailable();
  },
});

/** A late answer from an engineer whose assignment the watchdog withdrew, said in his terms. */
function refuseWithdrawn(job: JobState, uid: string): void {
  if (job.engineerId !== uid && job.declinedBy.includes(uid)) {
    throw errors.precondition("ASSIGNMENT_WITHDRAWN", "This job is no longer assigned to you: the time to accept ran out or you declined it.");
  }
}

/**
 * The decrypted address for the engineer who just accepted. The acceptance is already
 * committed, so a ciphertext that cannot be read is logged and answered with null rather
 * than failing a call whose effect took place.
 */
async function visitAddress(jobId: string, ciphertext: string | undefined): Promise<string | null> {
  if (!ciphertext) return null;
  try {
    return await piiCipher().decrypt(ciphertext);
  } catch (error) {
    logs.jobAddressUnreadable(jobId, error instanceof DomainError ? error.code : "INTERNAL");
    return null;
  }
}

export const respond = callable({
  name: "jobs.respond",
  roles: ["engineer"],
  input: RespondJobInput,
  rateLimit: { limit: 30, windowSeconds: 60 },
  secrets: [PII_KEY],
  handler: async ({ uid, role, input, requestId }) => {
    const today = cairoDay(Date.now());
    const { to, address } = await db().runTransaction(async (tx) => {
      const [jobSnap, engineerSnap] = await tx.getAll(jobRef(input.jobId), engineerRef(uid));
      const job = jobStateOf(jobSnap);
      refuseWithdrawn(job, uid);
      const t = respondToJob(job, engineerStateOf(engineerSnap, today), uid, input.accept);
      const stamp = input.accept ? { acceptedAt: FieldValue.serverTimestamp() } : {};
      await writeTransition(tx, t, changeBy(uid, role, requestId, input.reason), today, { job: stamp });
      return { to: t.to, address: jobSnap.get("address") as string | undefined };
    });
    if (!input.accept) {
      await autoDispatch(input.jobId, dispatcher(requestId));
      return { status: to };
    }
    // The engineer needs the visit address once he has taken the job; it is stored encrypted.
    return { status: to, address: await visitAddress(input.jobId, address) };
  },
});

export const start = callable({
  name: "jobs.start",
  roles: ["engineer"],
  input: StartJobInput,
  rateLimit: { limit: 30, windowSeconds: 60 },
  handler: async ({ uid, role, input, requestId }) => {
    const today = cairoDay(Date.now());
    const to = await db().runTransaction(async (tx) => {
      const t = startJob(jobStateOf(await tx.get(jobRef(input.jobId))), uid);
      await writeTransition(tx, t, changeBy(uid, role, requestId), today, { job: { startedAt: FieldValue.serverTimestamp() } });
      return t.to;
    });
    return { status: to };
  },
});

export const complete = callable({
  name: "jobs.complete",
  roles: ["engineer"],
  input: CompleteJobInput,
  rateLimit: { limit: 30, windowSeconds: 60 },
  handler: async ({ uid, role, input, requestId }) => {
    const today = cairoDay(Date.now());
    const to = await db().runTransaction(async (tx) => {
      const [jobSnap, engineerSnap] = await tx.getAll(jobRef(input.jobId), engineerRef(uid));
      const t = completeJob(jobStateOf(jobSnap), engineerStateOf(engineerSnap, today), uid);
      await writeTransition(tx, t, changeBy(uid, role, requestId), today, {
        job: { report: input.report, price: input.price ?? null, completedAt: FieldValue.serverTimestamp() },
        engineer: { "stats.completedJobs": FieldValue.increment(1) },
      });
      return t.to;
    });
    return { status: to };
  },
});

export const cancel = callable({
  name: "jobs.cancel",
  roles: ["customer", "admin"],
  input: CancelJobInput,
  rateLimit: { limit: 20, windowSeconds: 60 },
  handler: async ({ uid, role, input, requestId }) => {
    const today = cairoDay(Date.now());
    const to = await db().runTransaction(async (tx) => {
      const job = jobStateOf(await tx.get(jobRef(input.jobId)));
      const engineerSnap = job.engineerId ? await tx.get(engineerRef(job.engineerId)) : undefined;
      const engineer = engineerSnap?.exists ? engineerStateOf(engineerSnap, today) : null;
      const t = cancelJob(job, engineer, { uid, role });
      const cancellation = { by: { uid, role }, reason: input.reason, at: FieldValue.serverTimestamp() };
      await writeTransition(tx, t, changeBy(uid, role, requestId, input.reason), today, { job: { cancellation } });
      return t.to;
    });
    return { status: to };
  },
});

/** The customer of a completed job rates its engineer, once (the rating trigger: engineers/ratings.ts). */
export const review = callable({
  name: "jobs.review",
  roles: ["customer"],
  input: ReviewJobInput,
  rateLimit: { limit: 20, windowSeconds: 3600 },
  handler: async ({ uid, input }) => {
    await createEngineerReview(input.jobId, uid, { rating: input.rating, text: input.text ?? "" });
    return { ok: true as const };
  },
});
