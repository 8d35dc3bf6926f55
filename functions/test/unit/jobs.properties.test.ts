// Property tests of the pure job and dispatch core (SPEC section 3 invariants, section 4
// dispatch order). Each property runs at least 1,000 generated cases.
import assert from "node:assert/strict";
import fc from "fast-check";
import { DomainError } from "../../src/core/errors";
import type { Role } from "../../src/core/roles";
import type { Governorate } from "../../src/shared/egypt";
import { ACTIVE_JOB_STATUSES, JOB_TYPES, allowedJobTransitions, canTransition, compareCandidates, isActiveJobStatus, isEligible, newJob, pickEngineer, setAvailability, type EngineerState, type JobState, type JobTransition, type JobType } from "../../src/jobs/model";
import { assignJob, cancelJob, completeJob, respondToJob, startJob, withdrawExpired } from "../../src/jobs/transitions";
import { RequestJobInput } from "../../src/jobs/schema";

const RUNS = { numRuns: 1000 };
const GOVERNORATES: readonly Governorate[] = ["cairo", "giza"];
const ENGINEER_UIDS = ["eng-0", "eng-1", "eng-2"] as const;
const CUSTOMER_UIDS = ["cust-0", "cust-1"] as const;
const JOB_IDS = ["job-0", "job-1", "job-2"] as const;
const ADMIN_UID = "admin-0";

// ---- arbitraries --------------------------------------------------------------------

const governorate = fc.constantFrom(...GOVERNORATES);
const jobType = fc.constantFrom(...JOB_TYPES);
const skills = fc.subarray([...JOB_TYPES], { minLength: 1 });
/** Few distinct values, so ties in jobsToday and rating are common. */
const rating = fc.record({ avg: fc.integer({ min: 0, max: 10 }).map((n) => n / 2), count: fc.nat(50) });

const engineerArb = (uid: fc.Arbitrary<string>): fc.Arbitrary<EngineerState> =>
  fc.record({
    uid,
    availability: fc.constantFrom("available" as const, "off_duty" as const, "on_job" as const),
    online: fc.boolean(),
    activeJobId: fc.option(fc.constant("job-busy"), { nil: null }),
    governorate,
    skills,
    rating,
    jobsToday: fc.nat(4),
  });

const requestedJobArb: fc.Arbitrary<JobState> = fc
  .record({
    id: fc.constantFrom(...JOB_IDS),
    customerId: fc.constantFrom(...CUSTOMER_UIDS),
    type: jobType,
    governorate,
    declinedBy: fc.subarray([...ENGINEER_UIDS, "eng-x"]),
  })
  .map(({ declinedBy, ...fields }) => ({ ...newJob(fields), declinedBy }));

// ---- 1. assignment ------------------------------------------------------------------

describe("assignment properties", () => {
  it("assigning an eligible available engineer always yields job assigned and engineer on_job holding it", () => {
    const eligiblePair = requestedJobArb.chain((job) =>
      fc.record({
        job: fc.constant(job),
        engineer: fc.record({
          uid: fc.constantFrom(...ENGINEER_UIDS, "eng-y").filter((uid) => !job.declinedBy.includes(uid)),
          availability: fc.constant("available" as const),
          online: fc.constant(true),
          activeJobId: fc.constant(null),
          governorate: fc.constant(job.governorate),
          skills: skills.map((s): JobType[] => (s.includes(job.type) ? s : [...s, job.type])),
          rating,
          jobsToday: fc.nat(20),
        }),
        now: fc.integer({ min: 0, max: 4e12 }),
        sla: fc.integer({ min: 1, max: 240 }),
      }),
    );
    fc.assert(
      fc.property(eligiblePair, ({ job, engineer, now, sla }) => {
        assert.equal(isEligible(engineer, job), true);
        const result = assignJob(job, engineer, now, sla);
        assert.equal(result.job.status, "assigned");
        assert.equal(result.job.engineerId, engineer.uid);
        assert.equal(result.job.assignedAt, now);
        assert.equal(result.job.acceptBy, now + sla * 60_000);
        assert.equal(result.engineer?.availability, "on_job");
        assert.equal(result.engineer?.activeJobId, job.id);
        assert.equal(result.engineer?.jobsToday, engineer.jobsToday + 1);
      }),
      RUNS,
    );
  });

  it("an assignment succeeds exactly when the job is requested and the engineer eligible", () => {
    const status = fc.constantFrom(...(Object.keys(allowedJobTransitions) as Array<JobState["status"]>));
    fc.assert(
      fc.property(requestedJobArb, status, engineerArb(fc.constantFrom(...ENGINEER_UIDS)), (job, jobStatus, engineer) => {
        const subject = { ...job, status: jobStatus };
        const expectSuccess = jobStatus === "requested" && isEligible(engineer, subject);
        let succeeded = true;
        try {
          assignJob(subject, engineer, 0, 15);
        } catch (error) {
          assert.ok(error instanceof DomainError, String(error));
          assert.equal(error.status, "failed-precondition");
          succeeded = false;
        }
        assert.equal(succeeded, expectSuccess);
      }),
      RUNS,
    );
  });
});

// ---- 2. random action sequences -----------------------------------------------------

type EngineerUid = (typeof ENGINEER_UIDS)[number];
/** Which job an action touches: usually a live one, now and then any (terminal ones must refuse). */
type JobPick = number;
/** Who acts: the job's assigned engineer, the job's customer, or anyone in the pool. */
type ActorPick = "assigned" | "owner" | string;
/** Which engineer document the handler passes: the job's engineer's, or someone's. */
type DocPick = "assigned" | EngineerUid;

type Action =
  | { kind: "request"; customerId: string; type: JobType; governorate: Governorate }
  | { kind: "assign"; job: JobPick; engineer: EngineerUid; sla: number }
  | { kind: "dispatch"; job: JobPick }
  | { kind: "respond"; job: JobPick; actor: ActorPick; doc: DocPick; accept: boolean }
  | { kind: "start"; job: JobPick; actor: ActorPick }
  | { kind: "complete"; job: JobPick; actor: ActorPick; doc: DocPick }
  | { kind: "cancel"; job: JobPick; actor: ActorPick; doc: DocPick }
  | { kind: "withdraw"; job: JobPick; doc: DocPick }
  | { kind: "setAvailability"; engineer: EngineerUid; wanted: "available" | "off_duty" }
  | { kind: "presence"; engineer: EngineerUid; online: boolean }
  | { kind: "tick"; minutes: number };

const MAX_JOBS = 8;
const jobPick = fc.nat(99);
const engineerUid = fc.constantFrom(...ENGINEER_UIDS);
/** Mostly the natural actor of a move, sometimes anybody (who must then be refused). */
const actorPick = (natural: "assigned" | "owner"): fc.Arbitrary<ActorPick> =>
  fc.oneof(
    { arbitrary: fc.constant(natural), weight: 6 },
    { arbitrary: fc.constantFrom("assigned", "owner", ...ENGINEER_UIDS, ...CUSTOMER_UIDS, ADMIN_UID), weight: 1 },
  );
const docPick: fc.Arbitrary<DocPick> = fc.oneof(
  { arbitrary: fc.constant("assigned" as const), weight: 5 },
  { arbitrary: engineerUid, weight: 1 },
);
const availabilityWish = fc.constantFrom("available" as const, "off_duty" as const);
/** `usual` three times out of four, so engineers are often dispatchable. */
const mostly = <T>(usual: T, rare: T): fc.Arbitrary<T> =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: fc.constant(rare) });

// Weighted towards the lifecycle moves, so runs often take jobs all the way to completion.
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("request" as const),
      customerId: fc.constantFrom(...CUSTOMER_UIDS),
      type: jobType,
      governorate,
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("assign" as const), job: jobPick, engineer: engineerUid, sla: fc.integer({ min: 1, max: 30 }) }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("dispatch" as const), job: jobPick }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant("respond" as const), job: jobPick, actor: actorPick("assigned"), doc: docPick, accept: fc.boolean() }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("start" as const), job: jobPick, actor: actorPick("assigned") }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("complete" as const), job: jobPick, actor: actorPick("assigned"), doc: docPick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("cancel" as const), job: jobPick, actor: actorPick("owner"), doc: docPick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("withdraw" as const), job: jobPick, doc: docPick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("setAvailability" as const), engineer: engineerUid, wanted: availabilityWish }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("presence" as const), engineer: engineerUid, online: mostly(true, false) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("tick" as const), minutes: fc.integer({ min: 1, max: 40 }) }) },
);

/** A pool of free engineers (available or off duty, online or not) and a few requested jobs. */
const worldArb = fc.record({
  engineers: fc.tuple(
    ...ENGINEER_UIDS.map((uid) =>
      fc
        .record({ engineer: engineerArb(fc.constant(uid)), availability: mostly<EngineerState["availability"]>("available", "off_duty"), online: mostly(true, false) })
        .map(({ engineer, availability, online }): EngineerState => ({ ...engineer, availability, online, activeJobId: null })),
    ),
  ),
  jobs: fc.tuple(
    ...JOB_IDS.map((id) =>
      fc
        .record({ customerId: fc.constantFrom(...CUSTOMER_UIDS), type: jobType, governorate })
        .map((fields) => newJob({ id, ...fields })),
    ),
  ),
});

class World {
  readonly jobs = new Map<string, JobState>();
  readonly engineers = new Map<string, EngineerState>();
  now = Date.parse("2025-06-01T08:00:00Z");

  constructor(engineers: EngineerState[], jobs: JobState[]) {
    for (const engineer of engineers) this.engineers.set(engineer.uid, engineer);
    for (const job of jobs) this.jobs.set(job.id, job);
  }

  job(pick: JobPick): JobState {
    const all = [...this.jobs.values()];
    const live = all.filter((job) => job.status !== "completed" && job.status !== "cancelled");
    const pool = pick % 5 === 0 || live.length === 0 ? all : live;
    return pool[Math.floor(pick / 5) % pool.length];
  }

  engineer(uid: string): EngineerState {
    const engineer = this.engineers.get(uid);
    assert.ok(engineer, `no engineer ${uid}`);
    return engineer;
  }

  actor(pick: ActorPick, job: JobState): { uid: string; role: Role } {
    const uid = pick === "assigned" ? (job.engineerId ?? ENGINEER_UIDS[0]) : pick === "owner" ? job.customerId : pick;
    const role: Role = uid === ADMIN_UID ? "admin" : uid.startsWith("eng-") ? "engineer" : "customer";
    return { uid, role };
  }

  /** The engineer document the handler would read: the job's engineer's (null if none), or another one. */
  doc(pick: DocPick, job: JobState): EngineerState | null {
    if (pick !== "assigned") return this.engineer(pick);
    return job.engineerId === null ? null : this.engineer(job.engineerId);
  }

  /** As `doc`, for transitions that need a document: falls back to someone's when nobody is assigned. */
  someDoc(pick: DocPick, job: JobState): EngineerState {
    return this.doc(pick, job) ?? this.engineer(ENGINEER_UIDS[0]);
  }
}

type Step = (world: World, action: never) => JobTransition | EngineerState | undefined;

// One entry per action kind: what the handler would call on the model.
const STEPS: { [K in Action["kind"]]: (world: World, action: Extract<Action, { kind: K }>) => ReturnType<Step> } = {
  request: (w, a) => {
    if (w.jobs.size < MAX_JOBS) {
      const job = newJob({ id: `job-${w.jobs.size}`, customerId: a.customerId, type: a.type, governorate: a.governorate });
      w.jobs.set(job.id, job);
    }
    return undefined;
  },
  assign: (w, a) => assignJob(w.job(a.job), w.engineer(a.engineer), w.now, a.sla),
  dispatch: (w, a) => {
    const job = w.job(a.job);
    const pick = pickEngineer(job, [...w.engineers.values()]);
    return pick && assignJob(job, pick, w.now, 15);
  },
  respond: (w, a) => {
    const job = w.job(a.job);
    return respondToJob(job, w.someDoc(a.doc, job), w.actor(a.actor, job).uid, a.accept);
  },
  start: (w, a) => {
    const job = w.job(a.job);
    return startJob(job, w.actor(a.actor, job).uid);
  },
  complete: (w, a) => {
    const job = w.job(a.job);
    return completeJob(job, w.someDoc(a.doc, job), w.actor(a.actor, job).uid);
  },
  cancel: (w, a) => {
    const job = w.job(a.job);
    return cancelJob(job, w.doc(a.doc, job), w.actor(a.actor, job));
  },
  withdraw: (w, a) => {
    const job = w.job(a.job);
    return withdrawExpired(job, w.doc(a.doc, job), w.now);
  },
  setAvailability: (w, a) => setAvailability(w.engineer(a.engineer), a.wanted),
  presence: (w, a) => ({ ...w.engineer(a.engineer), online: a.online }),
  tick: (w, a) => {
    w.now += a.minutes * 60_000;
    return undefined;
  },
};

function isTransition(outcome: JobTransition | EngineerState): outcome is JobTransition {
  return "job" in outcome;
}

/** Runs one action; a DomainError is a refusal (state unchanged), anything else a bug. */
function perform(world: World, action: Action, observed: Set<string>): void {
  let outcome: ReturnType<Step>;
  try {
    outcome = (STEPS[action.kind] as Step)(world, action as never);
  } catch (error) {
    if (error instanceof DomainError) return;
    throw error;
  }
  if (outcome === undefined) return;
  if (!isTransition(outcome)) {
    if (action.kind === "setAvailability") assert.notEqual(outcome.availability, "on_job", "nobody chooses on_job");
    world.engineers.set(outcome.uid, outcome);
    return;
  }
  const before = world.jobs.get(outcome.job.id);
  assert.ok(before, `a transition of an unknown job ${outcome.job.id}`);
  assert.equal(outcome.from, before.status, "a transition starts from the stored status");
  assert.equal(outcome.to, outcome.job.status);
  assert.ok(canTransition(before.status, outcome.job.status), `${before.status} -> ${outcome.job.status} is not allowed`);
  observed.add(`${before.status}->${outcome.job.status}`);
  world.jobs.set(outcome.job.id, outcome.job);
  if (outcome.engineer) world.engineers.set(outcome.engineer.uid, outcome.engineer);
}

/** SPEC section 3: an engineer holds at most one job, and on_job exactly when he holds one. */
function assertInvariants(world: World, action: Action): void {
  const where = `after ${JSON.stringify(action)}`;
  for (const engineer of world.engineers.values()) {
    const held = [...world.jobs.values()].filter((job) => isActiveJobStatus(job.status) && job.engineerId === engineer.uid);
    assert.ok(held.length <= 1, `${engineer.uid} holds ${held.length} jobs ${where}`);
    if (engineer.availability === "on_job") {
      assert.equal(held.length, 1, `${engineer.uid} is on_job without a job ${where}`);
      assert.equal(engineer.activeJobId, held[0].id, `${engineer.uid} points at the wrong job ${where}`);
    } else {
      assert.equal(held.length, 0, `${engineer.uid} is ${engineer.availability} while holding a job ${where}`);
      assert.equal(engineer.activeJobId, null, `${engineer.uid} is ${engineer.availability} with an activeJobId ${where}`);
    }
  }
  for (const job of world.jobs.values()) {
    if (isActiveJobStatus(job.status)) assert.notEqual(job.engineerId, null, `${job.id} is ${job.status} with no engineer ${where}`);
    if (job.status === "requested") assert.equal(job.engineerId, null, `${job.id} is requested but has an engineer ${where}`);
  }
}

describe("job state machine properties", () => {
  it("no sequence of actions breaks the engineer and job invariants or makes a move outside the table", function () {
    this.timeout(60_000);
    const observed = new Set<string>();
    fc.assert(
      fc.property(worldArb, fc.array(actionArb, { minLength: 10, maxLength: 120, size: "max" }), ({ engineers, jobs }, actions) => {
        const world = new World(engineers, jobs);
        for (const action of actions) {
          perform(world, action, observed);
          assertInvariants(world, action);
        }
      }),
      RUNS,
    );
    // The generator must actually drive jobs through every edge of the lifecycle.
    const edges = Object.entries(allowedJobTransitions).flatMap(([from, tos]) => tos.map((to) => `${from}->${to}`));
    assert.deepEqual(edges.filter((edge) => !observed.has(edge)), [], "every allowed transition was exercised");
  });

  it("active statuses are exactly the ones between assignment and completion", () => {
    assert.deepEqual([...ACTIVE_JOB_STATUSES], ["assigned", "accepted", "in_progress"]);
  });
});

// ---- 3. dispatch pick ---------------------------------------------------------------

const POOL_UIDS = Array.from({ length: 8 }, (_, i) => `eng-${i}`);

/** Strictly better per SPEC section 4: fewer jobs today, or as many and a higher rating. */
function ranksStrictlyBetter(a: EngineerState, b: EngineerState): boolean {
  return a.jobsToday < b.jobsToday || (a.jobsToday === b.jobsToday && a.rating.avg > b.rating.avg);
}

describe("dispatch pick properties", () => {
  const pool = fc.uniqueArray(engineerArb(fc.constantFrom(...POOL_UIDS)), { maxLength: 8, selector: (e) => e.uid });

  it("the pick is eligible and nobody eligible ranks strictly better; nobody eligible means no pick", () => {
    fc.assert(
      fc.property(requestedJobArb, pool, (job, engineers) => {
        const eligible = engineers.filter((engineer) => isEligible(engineer, job));
        const pick = pickEngineer(job, engineers);
        if (eligible.length === 0) {
          assert.equal(pick, undefined);
          return;
        }
        assert.ok(pick, "someone is eligible, so someone is picked");
        assert.equal(isEligible(pick, job), true);
        for (const other of eligible) assert.equal(ranksStrictlyBetter(other, pick), false, `${other.uid} beats ${pick.uid}`);
      }),
      RUNS,
    );
  });

  it("the pick does not depend on the order the engineers are listed in", () => {
    const shuffled = pool.chain((engineers) =>
      fc.tuple(fc.constant(engineers), fc.shuffledSubarray(engineers, { minLength: engineers.length })),
    );
    fc.assert(
      fc.property(requestedJobArb, shuffled, (job, [engineers, reordered]) => {
        assert.equal(pickEngineer(job, reordered)?.uid, pickEngineer(job, engineers)?.uid);
        const best = [...engineers].filter((e) => isEligible(e, job)).sort(compareCandidates)[0];
        assert.equal(pickEngineer(job, engineers)?.uid, best?.uid);
      }),
      RUNS,
    );
  });
});

// ---- 4. inputs ----------------------------------------------------------------------

describe("job input properties", () => {
  it("a vehicle year is accepted exactly when it is an integer from 1950 to next year", () => {
    const nextYear = new Date().getUTCFullYear() + 1;
    const request = (year: number) => ({
      type: "repair",
      vehicle: { make: "Toyota", model: "Corolla", year },
      governorate: "giza",
      city: "Dokki",
      address: "5 Tahrir St, Dokki",
      preferredAt: "2030-03-01T09:30:00Z",
      idempotencyKey: "retry-key-0001",
    });
    fc.assert(
      fc.property(fc.oneof(fc.integer({ min: 1900, max: nextYear + 50 }), fc.double({ min: 1900, max: 2100, noNaN: true })), (year) => {
        const expected = Number.isInteger(year) && year >= 1950 && year <= nextYear;
        assert.equal(RequestJobInput.safeParse(request(year)).success, expected, `year ${year}`);
      }),
      RUNS,
    );
  });
});
