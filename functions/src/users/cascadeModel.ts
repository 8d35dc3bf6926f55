// The suspension and demotion cascade as plain data (SPEC section 2). No Firebase imports.
//
// Taking a user out of the marketplace changes other documents: an approved vendor becomes
// `suspended` (its active listings are hidden by the vendor sync, as vendors-review
// suspend does), an engineer becomes `off_duty` and a job he holds in `assigned` or
// `accepted` goes back to dispatch. Bringing the user back must undo exactly that and
// nothing else, even when several causes (a suspension, a demotion, a pending deletion)
// overlap. So what a cascade changed is recorded per item, with the causes holding it:
// the item is restored when its last cause is lifted, and only if nobody changed it since.

export type CascadeCause = "suspension" | "demotion" | "deletion";

/** Which sides of an account a cascade touches (a demotion from vendor touches only the vendor). */
export interface CascadeScope {
  vendor: boolean;
  engineer: boolean;
}

export const WHOLE_ACCOUNT: CascadeScope = { vendor: true, engineer: true };

export interface HeldItem<Previous extends string> {
  /** What the item was before the first cause changed it. */
  previous: Previous;
  heldBy: CascadeCause[];
}

/** users/{uid}/private/cascade: what the active causes changed. */
export interface CascadeRecord {
  vendor?: HeldItem<"approved">;
  engineer?: HeldItem<"available">;
}

/** What the cascade reads before deciding. */
export interface AccountState {
  vendorStatus?: string;
  engineer?: { availability: string; activeJobId: string | null };
  /** The status of the job the engineer holds, when he holds one. */
  heldJobStatus?: string;
}

export interface WithdrawalPlan {
  record: CascadeRecord;
  /** Set vendors/{uid}.status to `suspended`. */
  suspendVendor: boolean;
  /** Set engineers/{uid}.availability to `off_duty`. */
  engineerOffDuty: boolean;
  /** Withdraw this held job (assigned/accepted) and dispatch it again. */
  withdrawJobId?: string;
  /** A job the engineer holds that cannot be withdrawn (work in progress): listed for admins. */
  strandedJobId?: string;
}

export interface RestorationPlan {
  record: CascadeRecord;
  reinstateVendor: boolean;
  engineerAvailable: boolean;
}

/** Jobs a cascade takes back from their engineer (SPEC section 2): not yet started. */
export const WITHDRAWABLE_JOB_STATUSES = ["assigned", "accepted"] as const;

function holdWith<P extends string>(item: HeldItem<P> | undefined, cause: CascadeCause, previous: P): HeldItem<P> {
  if (!item) return { previous, heldBy: [cause] };
  return item.heldBy.includes(cause) ? item : { ...item, heldBy: [...item.heldBy, cause] };
}

function release<P extends string>(item: HeldItem<P> | undefined, cause: CascadeCause): { item?: HeldItem<P>; freed: boolean } {
  if (!item || !item.heldBy.includes(cause)) return { item, freed: false };
  const heldBy = item.heldBy.filter((c) => c !== cause);
  return heldBy.length > 0 ? { item: { ...item, heldBy }, freed: false } : { item: undefined, freed: true };
}

function withoutEmpty(record: CascadeRecord): CascadeRecord {
  const out: CascadeRecord = {};
  if (record.vendor) out.vendor = record.vendor;
  if (record.engineer) out.engineer = record.engineer;
  return out;
}

/**
 * What withdrawing the account for `cause` changes. An item another cause already holds
 * only gains this cause (no second change); an item that is not live (a pending vendor,
 * an engineer already off duty) is left alone and not recorded, so nothing is "restored"
 * that the cascade did not change.
 */
export function planWithdrawal(record: CascadeRecord, cause: CascadeCause, scope: CascadeScope, state: AccountState): WithdrawalPlan {
  const vendor = scope.vendor ? vendorWithdrawal(record, cause, state) : { item: record.vendor, change: false };
  const engineer = scope.engineer ? engineerWithdrawal(record, cause, state) : { item: record.engineer, change: false };
  return {
    record: withoutEmpty({ vendor: vendor.item, engineer: engineer.item }),
    suspendVendor: vendor.change,
    engineerOffDuty: engineer.change,
    withdrawJobId: engineer.withdrawJobId,
    strandedJobId: engineer.strandedJobId,
  };
}

function vendorWithdrawal(record: CascadeRecord, cause: CascadeCause, state: AccountState) {
  if (record.vendor) return { item: holdWith(record.vendor, cause, "approved"), change: false };
  if (state.vendorStatus === "approved") return { item: holdWith(undefined, cause, "approved"), change: true };
  return { item: undefined, change: false };
}

function engineerWithdrawal(record: CascadeRecord, cause: CascadeCause, state: AccountState) {
  if (!state.engineer) return { item: record.engineer, change: false };
  const { availability, activeJobId } = state.engineer;
  const withdrawable = (WITHDRAWABLE_JOB_STATUSES as readonly (string | undefined)[]).includes(state.heldJobStatus);
  const withdrawJobId = activeJobId && withdrawable ? activeJobId : undefined;
  // Work in progress stays with him (he stays on_job, so dispatch skips him anyway):
  // taking it away mid-repair would strand the customer's car; admins get it listed.
  const strandedJobId = activeJobId && !withdrawable ? activeJobId : undefined;
  const freeAfterwards = availability === "available" || (availability === "on_job" && withdrawJobId !== undefined);
  if (record.engineer) return { item: holdWith(record.engineer, cause, "available"), change: false, withdrawJobId, strandedJobId };
  if (freeAfterwards) return { item: holdWith(undefined, cause, "available"), change: true, withdrawJobId, strandedJobId };
  return { item: undefined, change: false, withdrawJobId, strandedJobId };
}

/**
 * What lifting `cause` gives back: an item whose last cause this was returns to what it
 * was, but only if it is still as the cascade left it (an admin who changed it meanwhile wins).
 */
export function planRestoration(record: CascadeRecord, cause: CascadeCause, scope: CascadeScope, state: AccountState): RestorationPlan {
  const next: CascadeRecord = { ...record };
  let reinstateVendor = false;
  let engineerAvailable = false;
  if (scope.vendor) {
    const { item, freed } = release(record.vendor, cause);
    next.vendor = item;
    reinstateVendor = freed && state.vendorStatus === "suspended";
  }
  if (scope.engineer) {
    const { item, freed } = release(record.engineer, cause);
    next.engineer = item;
    engineerAvailable = freed && state.engineer?.availability === "off_duty" && !state.engineer.activeJobId;
  }
  return { record: withoutEmpty(next), reinstateVendor, engineerAvailable };
}

/** The role-side scope a role change withdraws (`from` lost) or restores (`to` regained). */
export function scopeOfRole(role: string): CascadeScope | undefined {
  if (role === "vendor") return { vendor: true, engineer: false };
  if (role === "engineer") return { vendor: false, engineer: true };
  return undefined;
}
