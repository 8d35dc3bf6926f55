// Taking an account out of the marketplace while its deletion is pending, and back when it
// is cancelled: the one suspension cascade of SPEC section 2 (users/cascade.ts) with the
// cause "deletion", so a vendor's listings are hidden and an engineer leaves dispatch
// exactly as a suspension does, and cancelling lifts only what the deletion held.
import type { AuditActor } from "../core/audit";
import { restoreToMarketplace, withdrawFromMarketplace, type WithdrawalReport } from "../users/cascade";

export function leaveMarketplace(uid: string, by: AuditActor, requestId?: string): Promise<WithdrawalReport> {
  return withdrawFromMarketplace(uid, "deletion", { by, requestId });
}

export async function returnToMarketplace(uid: string, by: AuditActor, requestId?: string): Promise<void> {
  await restoreToMarketplace(uid, "deletion", { by, requestId });
}
