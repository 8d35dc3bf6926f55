// Which reviews count (issue 10, finding 2): the pure verdict of vendors/reviewChecks.ts.
import assert from "node:assert/strict";
import { DomainError } from "../../src/core/errors";
import { moderatedStatus } from "../../src/vendors/model";
import { holdReasons, phoneKey, type PartySignals } from "../../src/vendors/reviewChecks";

const nobody: PartySignals = { deviceTokens: [], phones: [], ips: [] };
const party = (overrides: Partial<PartySignals>): PartySignals => ({ ...nobody, ...overrides });

describe("review checks", () => {
  it("a collected order between strangers counts, however new the buyer", () => {
    assert.deepEqual(holdReasons({ collected: true, buyer: party({ ips: ["203.0.113.9"] }), vendor: party({ ips: ["198.51.100.1"] }) }), []);
  });

  it("money the vendor alone says was collected holds the review", () => {
    assert.deepEqual(holdReasons({ collected: false, buyer: nobody, vendor: nobody }), ["MONEY_NOT_COLLECTED"]);
  });

  it("a shared device token, phone number or sign-up IP holds the review, each named", () => {
    const buyer = party({ deviceTokens: ["t1", "t2"], phones: ["+20 100 123 4567"], ips: ["198.51.100.7"] });
    const vendor = party({ deviceTokens: ["t2"], phones: ["01001234567"], ips: ["198.51.100.7"] });
    assert.deepEqual(holdReasons({ collected: true, buyer, vendor }), ["SHARED_DEVICE", "SHARED_PHONE", "SHARED_SIGNUP_IP"]);
  });

  it("empty values are not a shared signal", () => {
    assert.deepEqual(holdReasons({ collected: true, buyer: party({ deviceTokens: [""], ips: [""], phones: ["12"] }), vendor: party({ deviceTokens: [""], ips: [""], phones: ["12"] }) }), []);
  });

  it("phones compare by their last ten digits", () => {
    assert.equal(phoneKey("+20 100 123 4567"), phoneKey("00201001234567"));
    assert.equal(phoneKey("010-0123-4567"), "1001234567");
    assert.equal(phoneKey("123"), "");
  });

  it("an admin's decision on a held review: publish -> published, remove -> removed", () => {
    assert.equal(moderatedStatus("held", "publish"), "published");
    assert.equal(moderatedStatus("held", "remove"), "removed");
  });

  it("a review that is not held (published, removed, not checked yet) is REVIEW_NOT_HELD", () => {
    for (const current of ["published", "removed", undefined] as const) {
      assert.throws(() => moderatedStatus(current, "publish"), (error: unknown) => error instanceof DomainError && error.code === "REVIEW_NOT_HELD" && error.status === "failed-precondition", String(current));
    }
  });
});
