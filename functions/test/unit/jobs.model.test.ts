import assert from "node:assert/strict";
import { DomainError } from "../../src/core/errors";
import { SetAvailabilityInput, UpsertEngineerInput } from "../../src/engineers/schema";
import { allowedJobTransitions, newJob, parsePreferredAt, pickEngineer, setAvailability, type EngineerState, type JobState, type SettableAvailability } from "../../src/jobs/model";
import { acceptExpired, assignJob, cancelJob, completeJob, respondToJob, startJob, withdrawExpired } from "../../src/jobs/transitions";
import {
  AssignJobInput,
  CancelJobInput,
  CompleteJobInput,
  RequestJobInput,
  RespondJobInput,
  StartJobInput,
} from "../../src/jobs/schema";

const NOW = Date.parse("2025-06-01T08:00:00Z");
const SLA_MINUTES = 15;
const ADMIN = { uid: "admin-1", role: "admin" } as const;
const OWNER = { uid: "customer-1", role: "customer" } as const;

function aJob(overrides: Partial<JobState> = {}): JobState {
  return { ...newJob({ id: "job-1", customerId: "customer-1", type: "inspection", governorate: "cairo" }), ...overrides };
}

function anEngineer(overrides: Partial<EngineerState> = {}): EngineerState {
  return {
    uid: "eng-1",
    availability: "available",
    online: true,
    activeJobId: null,
    governorate: "cairo",
    skills: ["inspection", "repair"],
    rating: { avg: 4.5, count: 12 },
    jobsToday: 0,
    ...overrides,
  };
}

/** A job assigned to eng-1 and that engineer on the job, as dispatch leaves them. */
function anAssignment(jobOverrides: Partial<JobState> = {}) {
  return assignJob(aJob(jobOverrides), anEngineer(), NOW, SLA_MINUTES);
}

function refusedWith(code: string, status?: string) {
  return (error: unknown) => {
    assert.ok(error instanceof DomainError, `expected a DomainError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (status) assert.equal(error.status, status);
    return true;
  };
}

describe("job dispatch", () => {
  it("assigning an available engineer makes the job assigned with an accept deadline and the engineer on_job", () => {
    const { job, engineer, from, to } = anAssignment();
    assert.deepEqual([from, to], ["requested", "assigned"]);
    assert.equal(job.engineerId, "eng-1");
    assert.equal(job.assignedAt, NOW);
    assert.equal(job.acceptBy, NOW + SLA_MINUTES * 60_000);
    assert.deepEqual(
      { availability: engineer?.availability, activeJobId: engineer?.activeJobId, jobsToday: engineer?.jobsToday },
      { availability: "on_job", activeJobId: "job-1", jobsToday: 1 },
    );
  });

  it("an offline, off-duty or busy engineer cannot be assigned", () => {
    for (const engineer of [
      anEngineer({ online: false }),
      anEngineer({ availability: "off_duty" }),
      anEngineer({ availability: "on_job", activeJobId: "job-9" }),
    ]) {
      assert.throws(() => assignJob(aJob(), engineer, NOW, SLA_MINUTES), refusedWith("ENGINEER_UNAVAILABLE", "failed-precondition"));
    }
  });

  it("an engineer in another governorate, without the skill, or who declined the job cannot be assigned", () => {
    const cases: Array<[JobState, EngineerState]> = [
      [aJob(), anEngineer({ governorate: "giza" })],
      [aJob({ type: "maintenance" }), anEngineer()],
      [aJob({ declinedBy: ["eng-1"] }), anEngineer()],
    ];
    for (const [job, engineer] of cases) {
      assert.throws(() => assignJob(job, engineer, NOW, SLA_MINUTES), refusedWith("ENGINEER_NOT_ELIGIBLE", "failed-precondition"));
    }
  });

  it("only a requested job can be assigned", () => {
    const { job } = anAssignment();
    assert.throws(() => assignJob(job, anEngineer({ uid: "eng-2" }), NOW, SLA_MINUTES), refusedWith("INVALID_TRANSITION"));
  });

  it("the pick prefers fewest jobs today, then the highest rating, then the smaller uid", () => {
    const job = aJob();
    const busy = anEngineer({ uid: "a-busy", jobsToday: 2, rating: { avg: 5, count: 90 } });
    const good = anEngineer({ uid: "m-good", jobsToday: 1, rating: { avg: 4.8, count: 40 } });
    const fair = anEngineer({ uid: "b-fair", jobsToday: 1, rating: { avg: 4.1, count: 40 } });
    const twin = anEngineer({ uid: "z-twin", jobsToday: 1, rating: { avg: 4.8, count: 3 } });
    assert.equal(pickEngineer(job, [busy, fair, twin, good])?.uid, "m-good");
    assert.equal(pickEngineer(job, [twin, busy, fair])?.uid, "z-twin");
  });

  it("the pick skips ineligible engineers, and nobody eligible means no pick", () => {
    const job = aJob({ declinedBy: ["eng-2"] });
    const offline = anEngineer({ uid: "eng-0", online: false });
    const declined = anEngineer({ uid: "eng-2" });
    assert.equal(pickEngineer(job, [offline, declined]), undefined);
    assert.equal(pickEngineer(job, [offline, declined, anEngineer({ uid: "eng-3", jobsToday: 9 })])?.uid, "eng-3");
    assert.equal(pickEngineer(job, []), undefined);
  });
});

describe("job lifecycle", () => {
  it("the assigned engineer accepts, starts and completes a job and is available again", () => {
    const assigned = anAssignment();
    const accepted = respondToJob(assigned.job, assigned.engineer!, "eng-1", true);
    assert.equal(accepted.job.status, "accepted");
    assert.equal(accepted.engineer, null, "accepting does not touch the engineer document");
    const started = startJob(accepted.job, "eng-1");
    assert.equal(started.job.status, "in_progress");
    const completed = completeJob(started.job, assigned.engineer!, "eng-1");
    assert.equal(completed.job.status, "completed");
    assert.equal(completed.job.engineerId, "eng-1", "the job remembers who did it");
    assert.equal(completed.engineer?.availability, "available");
    assert.equal(completed.engineer?.activeJobId, null);
  });

  it("declining sends the job back to requested, frees the engineer and remembers the refusal", () => {
    const assigned = anAssignment();
    const declined = respondToJob(assigned.job, assigned.engineer!, "eng-1", false);
    assert.equal(declined.job.status, "requested");
    assert.equal(declined.job.engineerId, null);
    assert.equal(declined.job.acceptBy, null);
    assert.deepEqual(declined.job.declinedBy, ["eng-1"]);
    assert.equal(declined.engineer?.availability, "available");
    assert.equal(declined.engineer?.activeJobId, null);
    assert.equal(pickEngineer(declined.job, [declined.engineer!]), undefined, "redispatch skips him");
  });

  it("only the assigned engineer can respond to, start or complete a job", () => {
    const assigned = anAssignment();
    const accepted = respondToJob(assigned.job, assigned.engineer!, "eng-1", true).job;
    const notHim = refusedWith("NOT_ASSIGNED_ENGINEER", "permission-denied");
    assert.throws(() => respondToJob(assigned.job, assigned.engineer!, "eng-2", true), notHim);
    assert.throws(() => startJob(accepted, "customer-1"), notHim);
    assert.throws(() => completeJob(startJob(accepted, "eng-1").job, assigned.engineer!, "eng-2"), notHim);
    assert.throws(() => respondToJob(aJob(), anEngineer(), "eng-1", true), notHim, "nobody is assigned to a requested job");
  });

  it("a job cannot be started before it is accepted, nor completed before it is started", () => {
    const assigned = anAssignment();
    assert.throws(() => startJob(assigned.job, "eng-1"), refusedWith("INVALID_TRANSITION", "failed-precondition"));
    const accepted = respondToJob(assigned.job, assigned.engineer!, "eng-1", true).job;
    assert.throws(() => completeJob(accepted, assigned.engineer!, "eng-1"), refusedWith("INVALID_TRANSITION"));
    assert.throws(() => respondToJob(accepted, assigned.engineer!, "eng-1", false), refusedWith("INVALID_TRANSITION"));
  });

  it("the customer who requested a job can cancel it before work starts, and the engineer is freed", () => {
    const assigned = anAssignment();
    const cancelled = cancelJob(assigned.job, assigned.engineer, OWNER);
    assert.equal(cancelled.job.status, "cancelled");
    assert.equal(cancelled.engineer?.availability, "available");
    assert.equal(cancelled.engineer?.activeJobId, null);
    const unassigned = cancelJob(aJob(), null, OWNER);
    assert.equal(unassigned.job.status, "cancelled");
    assert.equal(unassigned.engineer, null);
  });

  it("another customer cannot cancel a job, an admin can cancel any", () => {
    assert.throws(
      () => cancelJob(aJob(), null, { uid: "customer-2", role: "customer" }),
      refusedWith("NOT_JOB_OWNER", "permission-denied"),
    );
    assert.equal(cancelJob(aJob(), null, ADMIN).job.status, "cancelled");
  });

  it("a job in progress, completed or cancelled cannot be cancelled", () => {
    const assigned = anAssignment();
    const started = startJob(respondToJob(assigned.job, assigned.engineer!, "eng-1", true).job, "eng-1").job;
    assert.throws(() => cancelJob(started, assigned.engineer, ADMIN), refusedWith("INVALID_TRANSITION"));
    assert.throws(() => cancelJob(aJob({ status: "cancelled" }), null, ADMIN), refusedWith("INVALID_TRANSITION"));
  });

  it("passing another engineer's document is refused rather than freeing the wrong engineer", () => {
    const assigned = anAssignment();
    assert.throws(() => cancelJob(assigned.job, anEngineer({ uid: "eng-2" }), ADMIN), refusedWith("ENGINEER_MISMATCH"));
    assert.throws(() => respondToJob(assigned.job, anEngineer({ uid: "eng-2" }), "eng-1", false), refusedWith("ENGINEER_MISMATCH"));
  });

  it("the transition table is the SPEC's lifecycle", () => {
    assert.deepEqual(allowedJobTransitions, {
      requested: ["assigned", "cancelled"],
      assigned: ["accepted", "requested", "cancelled"],
      accepted: ["in_progress", "cancelled"],
      in_progress: ["completed"],
      completed: [],
      cancelled: [],
    });
  });
});

describe("accept SLA watchdog", () => {
  const afterDeadline = NOW + SLA_MINUTES * 60_000 + 1;

  it("an unanswered assignment is withdrawn after its deadline; the engineer is freed and skipped", () => {
    const assigned = anAssignment();
    assert.equal(acceptExpired(assigned.job, afterDeadline), true);
    const withdrawn = withdrawExpired(assigned.job, assigned.engineer, afterDeadline);
    assert.equal(withdrawn.job.status, "requested");
    assert.equal(withdrawn.job.engineerId, null);
    assert.equal(withdrawn.job.missedAccepts, 1);
    assert.deepEqual(withdrawn.job.declinedBy, ["eng-1"]);
    assert.equal(withdrawn.missedBy, "eng-1");
    assert.equal(withdrawn.engineer?.availability, "available");
    assert.equal(withdrawn.notifyAdmins, false);
  });

  it("the watchdog leaves an assignment alone until its deadline has passed", () => {
    const assigned = anAssignment();
    const deadline = NOW + SLA_MINUTES * 60_000;
    assert.equal(acceptExpired(assigned.job, deadline), false);
    assert.throws(() => withdrawExpired(assigned.job, assigned.engineer, deadline), refusedWith("ACCEPT_WINDOW_OPEN"));
  });

  it("a second watchdog run, or a run after the engineer accepted, changes nothing", () => {
    const assigned = anAssignment();
    const withdrawn = withdrawExpired(assigned.job, assigned.engineer, afterDeadline);
    assert.throws(() => withdrawExpired(withdrawn.job, null, afterDeadline), refusedWith("INVALID_TRANSITION"));
    const accepted = respondToJob(assigned.job, assigned.engineer!, "eng-1", true).job;
    assert.equal(acceptExpired(accepted, afterDeadline), false);
    assert.throws(() => withdrawExpired(accepted, assigned.engineer, afterDeadline), refusedWith("INVALID_TRANSITION"));
  });

  it("admins are notified from the third missed accept on", () => {
    const assigned = anAssignment({ missedAccepts: 2 });
    const withdrawn = withdrawExpired(assigned.job, assigned.engineer, afterDeadline);
    assert.equal(withdrawn.job.missedAccepts, 3);
    assert.equal(withdrawn.notifyAdmins, true);
  });
});

describe("engineer availability", () => {
  it("an engineer cannot go off duty while holding a job", () => {
    const onJob = anAssignment().engineer!;
    assert.throws(() => setAvailability(onJob, "off_duty"), refusedWith("ENGINEER_HAS_ACTIVE_JOB", "failed-precondition"));
  });

  it("an engineer on a job cannot make himself available", () => {
    const onJob = anAssignment().engineer!;
    assert.throws(() => setAvailability(onJob, "available"), refusedWith("ENGINEER_HAS_ACTIVE_JOB"));
  });

  it("an engineer goes off duty and back, and asking for the current state changes nothing", () => {
    const offDuty = setAvailability(anEngineer(), "off_duty");
    assert.equal(offDuty.availability, "off_duty");
    assert.equal(setAvailability(offDuty, "available").availability, "available");
    assert.equal(setAvailability(offDuty, "off_duty"), offDuty);
  });

  it("nobody can choose on_job for himself", () => {
    assert.throws(() => setAvailability(anEngineer(), "on_job" as SettableAvailability), refusedWith("INVALID_TRANSITION"));
    assert.equal(SetAvailabilityInput.safeParse({ availability: "on_job" }).success, false);
  });
});

describe("preferred visit time", () => {
  it("a visit in the future is accepted and one in the past is refused on its field", () => {
    assert.equal(parsePreferredAt("2025-06-02T10:00:00+02:00", NOW), Date.parse("2025-06-02T08:00:00Z"));
    assert.throws(
      () => parsePreferredAt("2025-05-31T10:00:00Z", NOW),
      (error: unknown) => error instanceof DomainError && error.code === "VALIDATION_FAILED" && !!error.fields?.preferredAt,
    );
  });
});

describe("jobs and engineers inputs", () => {
  const nextYear = new Date().getUTCFullYear() + 1;
  const aRequest = (overrides: Record<string, unknown> = {}) => ({
    type: "inspection",
    vehicle: { make: "Hyundai", model: "Elantra", year: 2019 },
    governorate: "Cairo",
    city: "Nasr City",
    address: "12 Abbas El Akkad St, flat 4",
    preferredAt: "2030-01-15T10:00:00+02:00",
    idempotencyKey: "retry-key-0001",
    ...overrides,
  });

  it("a complete request is accepted and its governorate normalised", () => {
    const parsed = RequestJobInput.parse(aRequest({ notes: "Check the gearbox", listingId: "listing-1" }));
    assert.equal(parsed.governorate, "cairo");
  });

  it("unknown keys are refused at every level", () => {
    assert.equal(RequestJobInput.safeParse(aRequest({ status: "completed" })).success, false);
    assert.equal(RequestJobInput.safeParse(aRequest({ vehicle: { make: "Kia", model: "Rio", year: 2020, vin: "x" } })).success, false);
    assert.equal(AssignJobInput.safeParse({ jobId: "j", engineerId: "e", force: true }).success, false);
    assert.equal(StartJobInput.safeParse({ jobId: "j", at: 1 }).success, false);
    assert.equal(UpsertEngineerInput.safeParse({
      uid: "u", displayName: "Omar Said", skills: ["repair"], governorate: "giza", phone: "01001234567", rating: 5,
    }).success, false);
  });

  it("a vehicle year outside 1950 to next year is refused", () => {
    for (const year of [1949, nextYear + 1, 2019.5]) {
      assert.equal(RequestJobInput.safeParse(aRequest({ vehicle: { make: "Fiat", model: "128", year } })).success, false, `year ${year}`);
    }
    for (const year of [1950, nextYear]) {
      assert.equal(RequestJobInput.safeParse(aRequest({ vehicle: { make: "Fiat", model: "128", year } })).success, true, `year ${year}`);
    }
  });

  it("a preferred time must be an ISO date-time and an address at least 5 characters", () => {
    assert.equal(RequestJobInput.safeParse(aRequest({ preferredAt: "tomorrow" })).success, false);
    assert.equal(RequestJobInput.safeParse(aRequest({ preferredAt: "2030-01-15" })).success, false);
    assert.equal(RequestJobInput.safeParse(aRequest({ address: "x" })).success, false);
    assert.equal(RequestJobInput.safeParse(aRequest({ type: "painting" })).success, false);
  });

  it("a decline reason is optional and a cancellation reason is required", () => {
    assert.equal(RespondJobInput.safeParse({ jobId: "j", accept: false }).success, true);
    assert.equal(RespondJobInput.safeParse({ jobId: "j", accept: "no" }).success, false);
    assert.equal(CancelJobInput.safeParse({ jobId: "j" }).success, false);
    assert.equal(CancelJobInput.safeParse({ jobId: "j", reason: "No longer needed" }).success, true);
  });

  it("a completion report has bounded findings and photos that are storage paths, and a positive integer price", () => {
    const report = { summary: "Brakes worn, replaced pads." };
    const parsed = CompleteJobInput.parse({ jobId: "j", report, price: 150000 });
    assert.deepEqual([parsed.report.findings, parsed.report.photos], [[], []]);
    assert.equal(CompleteJobInput.safeParse({ jobId: "j", report, price: 0 }).success, false);
    assert.equal(CompleteJobInput.safeParse({ jobId: "j", report, price: 99.5 }).success, false);
    const photos = (paths: string[]) => CompleteJobInput.safeParse({ jobId: "j", report: { ...report, photos: paths } }).success;
    assert.equal(photos(["serviceJobs/j/photos/front.jpg", "serviceJobs/j/photos/rear_1.webp"]), true);
    assert.equal(photos(["/serviceJobs/j/photos/a.jpg"]), false);
    assert.equal(photos(["serviceJobs/j/photos/../../../vendors/x/kyc/id.jpg"]), false);
    assert.equal(photos(["https://evil.example/a.jpg"]), false);
    assert.equal(photos(Array.from({ length: 21 }, (_, i) => `serviceJobs/j/photos/${i}.jpg`)), false);
    const findings = Array.from({ length: 51 }, () => "rust");
    assert.equal(CompleteJobInput.safeParse({ jobId: "j", report: { ...report, findings } }).success, false);
  });

  it("report photos must be files of that job's photos folder: another job's, another folder, a deeper path or a dot segment is refused on report.photos.N", () => {
    const report = { summary: "Brakes worn, replaced pads." };
    const refused = (photo: string) => {
      const result = CompleteJobInput.safeParse({ jobId: "j1", report: { ...report, photos: ["serviceJobs/j1/photos/ok.jpg", photo] } });
      return result.success ? [] : [...new Set(result.error.issues.map((issue) => issue.path.join(".")))];
    };
    for (const photo of [
      "serviceJobs/j2/photos/front.jpg",
      "serviceJobs/j1/front.jpg",
      "serviceJobs/j1/photos/sub/front.jpg",
      "serviceJobs/j1/photos/..",
      "serviceJobs/j1/photos/.hidden",
      "serviceJobs/j1x/photos/front.jpg",
      "users/eng-1/jobs/j1/front.jpg",
      "listings/j1/images/front.jpg",
    ]) {
      assert.deepEqual(refused(photo), ["report.photos.1"], photo);
    }
    assert.deepEqual(refused("serviceJobs/j1/photos/rear.jpg"), []);
  });

  it("an engineer needs at least one skill, each named once", () => {
    const anUpsert = (skills: unknown) => ({ uid: "u", displayName: "Omar Said", skills, governorate: "giza", phone: "01001234567" });
    assert.equal(UpsertEngineerInput.parse(anUpsert(["repair", "inspection"])).phone, "+201001234567");
    assert.equal(UpsertEngineerInput.safeParse(anUpsert([])).success, false);
    assert.equal(UpsertEngineerInput.safeParse(anUpsert(["repair", "repair"])).success, false);
    assert.equal(UpsertEngineerInput.safeParse(anUpsert(["welding"])).success, false);
  });
});
