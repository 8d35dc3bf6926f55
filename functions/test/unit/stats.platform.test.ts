// What a users, listings or jobs write counts on stats/* (SPEC section 3, issue 11 item 11):
// the pure decisions behind the sharded, once-per-event counters.
import assert from "node:assert/strict";
import fc from "fast-check";
import { jobStatsEvents } from "../../src/jobs/stats";
import { listingStatsEvents } from "../../src/listings/stats";
import type { ListingData } from "../../src/listings/model";
import { LISTING_STATUSES } from "../../src/listings/schema";
import { userCreatedCounters } from "../../src/users/stats";

describe("platform stats: users", () => {
  it("a new profile counts one user", () => {
    assert.deepEqual(userCreatedCounters(), { users: 1 });
  });
});

describe("platform stats: active listings", () => {
  it("a listing approved into active counts one more active listing and one activation", () => {
    assert.deepEqual(listingStatsEvents({ status: "pending_review" }, { status: "active" }), [{ kind: "activated", increments: { listings: 1, listingActivations: 1 } }]);
  });

  it("sold, reserved, archived, suspended or deleted: one active listing less", () => {
    const outs: (ListingData | undefined)[] = [{ status: "reserved" }, { status: "archived" }, { status: "suspended" }, undefined];
    for (const after of outs) {
      assert.deepEqual(listingStatsEvents({ status: "active" }, after), [{ kind: "deactivated", increments: { listings: -1 } }], JSON.stringify(after));
    }
  });

  it("a price edit of an active listing, a draft created and a draft edited count nothing", () => {
    assert.deepEqual(listingStatsEvents({ status: "active", price: 1 }, { status: "active", price: 2 }), []);
    assert.deepEqual(listingStatsEvents(undefined, { status: "draft" }), []);
    assert.deepEqual(listingStatsEvents({ status: "draft" }, { status: "pending_review" }), []);
  });

  it("a listing created straight into active (an Admin SDK import) counts", () => {
    assert.deepEqual(listingStatsEvents(undefined, { status: "active" }).map((e) => e.kind), ["activated"]);
  });

  it("over any history of writes, the counted increments sum to whether the listing is active at the end", () => {
    const status = fc.constantFrom(...LISTING_STATUSES, undefined);
    fc.assert(fc.property(fc.array(status, { maxLength: 30 }), (history) => {
      let previous: ListingData["status"];
      let total = 0;
      for (const next of history) {
        for (const event of listingStatsEvents(previous ? { status: previous } : undefined, next ? { status: next } : undefined)) total += event.increments.listings;
        previous = next;
      }
      return total === (previous === "active" ? 1 : 0);
    }));
  });
});

describe("platform stats: service jobs", () => {
  it("a new job counts one requested job", () => {
    assert.deepEqual(jobStatsEvents(undefined, { status: "requested" }), [{ kind: "requested", increments: { jobs: 1 } }]);
  });

  it("a job entering completed counts one completed job", () => {
    assert.deepEqual(jobStatsEvents({ status: "in_progress" }, { status: "completed" }), [{ kind: "completed", increments: { completedJobs: 1 } }]);
  });

  it("a declined job back to requested is no new request; other moves and deletions count nothing", () => {
    assert.deepEqual(jobStatsEvents({ status: "assigned" }, { status: "requested" }), []);
    assert.deepEqual(jobStatsEvents({ status: "requested" }, { status: "assigned" }), []);
    assert.deepEqual(jobStatsEvents({ status: "completed" }, { status: "completed", rating: 5 }), []);
    assert.deepEqual(jobStatsEvents({ status: "completed" }, undefined), []);
  });
});
