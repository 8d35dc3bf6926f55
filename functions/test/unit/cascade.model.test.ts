import assert from "node:assert/strict";
import { WHOLE_ACCOUNT, planRestoration, planWithdrawal, scopeOfRole, type AccountState } from "../../src/users/cascadeModel";

const liveVendorAndEngineer: AccountState = { vendorStatus: "approved", engineer: { availability: "available", activeJobId: null } };

describe("suspension and demotion cascade (model)", () => {
  it("a suspension suspends an approved vendor and takes an available engineer off duty", () => {
    const plan = planWithdrawal({}, "suspension", WHOLE_ACCOUNT, liveVendorAndEngineer);
    assert.equal(plan.suspendVendor, true);
    assert.equal(plan.engineerOffDuty, true);
    assert.deepEqual(plan.record, { vendor: { previous: "approved", heldBy: ["suspension"] }, engineer: { previous: "available", heldBy: ["suspension"] } });
  });

  it("a held job that has not started is withdrawn; work in progress is listed, not taken", () => {
    const assigned = planWithdrawal({}, "suspension", WHOLE_ACCOUNT, { engineer: { availability: "on_job", activeJobId: "j1" }, heldJobStatus: "accepted" });
    assert.equal(assigned.withdrawJobId, "j1");
    assert.equal(assigned.engineerOffDuty, true);
    const working = planWithdrawal({}, "suspension", WHOLE_ACCOUNT, { engineer: { availability: "on_job", activeJobId: "j2" }, heldJobStatus: "in_progress" });
    assert.equal(working.withdrawJobId, undefined);
    assert.equal(working.strandedJobId, "j2");
    assert.equal(working.engineerOffDuty, false, "he stays on_job with the job he is doing");
  });

  it("what was not live is neither changed nor restored (pending vendor, engineer already off duty)", () => {
    const plan = planWithdrawal({}, "suspension", WHOLE_ACCOUNT, { vendorStatus: "pending", engineer: { availability: "off_duty", activeJobId: null } });
    assert.deepEqual(plan.record, {});
    const back = planRestoration(plan.record, "suspension", WHOLE_ACCOUNT, { vendorStatus: "pending", engineer: { availability: "off_duty", activeJobId: null } });
    assert.equal(back.reinstateVendor, false);
    assert.equal(back.engineerAvailable, false);
  });

  it("two causes overlap: lifting one keeps the account out, lifting the last restores it", () => {
    const first = planWithdrawal({}, "suspension", WHOLE_ACCOUNT, liveVendorAndEngineer);
    const suspended: AccountState = { vendorStatus: "suspended", engineer: { availability: "off_duty", activeJobId: null } };
    const second = planWithdrawal(first.record, "deletion", WHOLE_ACCOUNT, suspended);
    assert.equal(second.suspendVendor, false, "already suspended: no second change");
    const liftOne = planRestoration(second.record, "suspension", WHOLE_ACCOUNT, suspended);
    assert.equal(liftOne.reinstateVendor, false);
    assert.equal(liftOne.engineerAvailable, false);
    const liftLast = planRestoration(liftOne.record, "deletion", WHOLE_ACCOUNT, suspended);
    assert.equal(liftLast.reinstateVendor, true);
    assert.equal(liftLast.engineerAvailable, true);
    assert.deepEqual(liftLast.record, {});
  });

  it("withdrawing twice for one cause changes nothing the second time", () => {
    const first = planWithdrawal({}, "suspension", WHOLE_ACCOUNT, liveVendorAndEngineer);
    const again = planWithdrawal(first.record, "suspension", WHOLE_ACCOUNT, { vendorStatus: "suspended", engineer: { availability: "off_duty", activeJobId: null } });
    assert.deepEqual(again.record, first.record);
    assert.equal(again.suspendVendor, false);
    assert.equal(again.engineerOffDuty, false);
  });

  it("an item an admin changed meanwhile is not overwritten on restoration", () => {
    const first = planWithdrawal({}, "suspension", WHOLE_ACCOUNT, liveVendorAndEngineer);
    const back = planRestoration(first.record, "suspension", WHOLE_ACCOUNT, { vendorStatus: "rejected", engineer: { availability: "on_job", activeJobId: "j9" } });
    assert.equal(back.reinstateVendor, false);
    assert.equal(back.engineerAvailable, false);
    assert.deepEqual(back.record, {}, "the cause is lifted all the same");
  });

  it("a demotion touches only the side of the role that was lost", () => {
    const plan = planWithdrawal({}, "demotion", scopeOfRole("vendor") ?? WHOLE_ACCOUNT, liveVendorAndEngineer);
    assert.equal(plan.suspendVendor, true);
    assert.equal(plan.engineerOffDuty, false);
    assert.equal(scopeOfRole("customer"), undefined);
    const restoredAsEngineer = planRestoration(plan.record, "demotion", scopeOfRole("engineer") ?? WHOLE_ACCOUNT, { vendorStatus: "suspended" });
    assert.equal(restoredAsEngineer.reinstateVendor, false, "becoming an engineer does not bring the shop back");
  });
});
